;;; sousuo.el --- Search a sousuo full-text index -*- lexical-binding: t -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "26.1"))
;; Keywords: matching, tools
;; URL: https://github.com/sousuo/sousuo

;;; Commentary:

;; `M-x sousuo' runs `sousuo-search --vimgrep QUERY' in the current
;; folder (it searches the nearest .sousuo/ index at or above it) and
;; shows the matches in a `grep-mode' buffer: RET or `next-error' (M-g n)
;; visits each match at its line and column, `g' searches again.
;;
;; `M-x sousuo-index' re-indexes the current file; with
;; `sousuo-index-on-save' set, files under an index are re-indexed
;; whenever they are saved.  Each run waits up to `sousuo-index-wait'
;; seconds for another's lock, so overlapping saves all land.
;;
;; sousuo-search prints byte columns (as Vim and ripgrep count); they are
;; counted on the visited line, so CJK lines and HTML land on the match.

;;; Code:

(require 'grep)
(require 'subr-x)

(defgroup sousuo nil
  "Search a sousuo full-text index."
  :group 'tools
  :prefix "sousuo-")

(defcustom sousuo-search-program "sousuo-search"
  "The sousuo-search program."
  :type 'string)

(defcustom sousuo-index-program "sousuo-index"
  "The sousuo-index program."
  :type 'string)

(defcustom sousuo-limit 50
  "How many documents a search shows."
  :type 'integer)

(defcustom sousuo-index-wait 60
  "Seconds `sousuo-index' waits for another sousuo-index's lock.
Saves start one run each and runs overlap; a run that did not wait
would fail and leave its file unindexed."
  :type 'integer)

(defcustom sousuo-index-on-save nil
  "When non-nil, re-index a file under a sousuo index after saving it."
  :type 'boolean
  :set (lambda (sym val)
         (set-default sym val)
         (if val
             (add-hook 'after-save-hook #'sousuo--after-save)
           (remove-hook 'after-save-hook #'sousuo--after-save))))

(defvar sousuo-history nil
  "Queries given to `sousuo'.")

(defun sousuo--column ()
  "The byte column of the current `--vimgrep' match (group 3).
`sousuo--goto-column' turns it into a position on the visited line."
  (string-to-number (match-string 3)))

(defun sousuo--goto-column ()
  "After a jump from a `sousuo-mode' buffer, go to the match's column.
sousuo-search counts UTF-8 bytes of the file's line (of its decoded
text for other encodings).  They are counted here on the visited line
itself: the printed text is cut after 1000 bytes, and for HTML it has
one space per byte of markup, so it cannot tell the characters before
the match.  Emacs' internal bytes are UTF-8 for every character."
  (let ((from next-error-last-buffer))
    (when (and (buffer-live-p from)
               (with-current-buffer from (derived-mode-p 'sousuo-mode)))
      (let* ((msg (with-current-buffer from
                    (and compilation-current-error
                         (get-text-property compilation-current-error
                                            'compilation-message))))
             (loc (and msg (compilation--message->loc msg)))
             (col (and loc (compilation--loc->col loc))))
        (when (and (integerp col) (> col 0))
          (goto-char (min (line-end-position)
                          (or (byte-to-position
                               (+ (position-bytes (line-beginning-position))
                                  (1- col)))
                              (line-end-position)))))))))

(add-hook 'next-error-hook #'sousuo--goto-column)

(defconst sousuo-regexp-alist
  ;; The shortest path followed by :LINE:COLUMN:, as grep-mode reads
  ;; them: paths may hold colons ("2024-04-17 10:30 notes.md").
  `(("^\\(.+?\\):\\([1-9][0-9]*\\):\\([1-9][0-9]*\\):\\(.*\\)$"
     1 2 sousuo--column))
  "How `sousuo-mode' reads `path:line:column:text' lines.")

(define-derived-mode sousuo-mode grep-mode "Sousuo"
  "Major mode for `sousuo' results: `grep-mode' reading line and column."
  (setq-local compilation-error-regexp-alist sousuo-regexp-alist)
  ;; Not screen columns (tabs, wide CJK): bytes, which
  ;; `sousuo--goto-column' finds on the line once visited.
  (setq-local compilation-error-screen-columns nil)
  (setq-local compilation-first-column 1))

(defun sousuo-command (query)
  "The shell command that searches for QUERY."
  (mapconcat #'shell-quote-argument
             (list sousuo-search-program "--vimgrep" "--limit"
                   (number-to-string sousuo-limit) "--color" "never"
                   "--" query)
             " "))

;;;###autoload
(defun sousuo (query)
  "Search the sousuo index of `default-directory' for QUERY.
The matches appear in the *sousuo* buffer, in `sousuo-mode'."
  (interactive
   (list (read-string "Sousuo: "
                      (let ((w (thing-at-point 'symbol t)))
                        (and w (not (string-empty-p w)) w))
                      'sousuo-history)))
  (when (string-empty-p (string-trim query))
    (user-error "Empty query"))
  (compilation-start (sousuo-command query) #'sousuo-mode
                     (lambda (_mode) "*sousuo*")))

;;;###autoload
(defun sousuo-index (&optional file)
  "Re-index FILE (default: the current buffer's file) asynchronously."
  (interactive)
  (let ((file (or file buffer-file-name)))
    (unless file
      (user-error "This buffer visits no file"))
    (let ((process-connection-type nil))
      (make-process :name "sousuo-index"
                    :buffer " *sousuo-index*"
                    :command (list sousuo-index-program "-q" "--wait"
                                   (number-to-string sousuo-index-wait)
                                   (expand-file-name file))
                    :sentinel #'sousuo--index-sentinel))))

(defun sousuo--index-sentinel (proc _event)
  "Report a failed run of PROC."
  (when (and (eq (process-status proc) 'exit)
             (/= (process-exit-status proc) 0))
    (message "sousuo-index: %s"
             (with-current-buffer (process-buffer proc)
               (string-trim (buffer-string))))))

(defun sousuo--after-save ()
  "Re-index the saved file when it lies under a sousuo index."
  (when (and buffer-file-name
             (locate-dominating-file buffer-file-name ".sousuo"))
    (sousuo-index buffer-file-name)))

(provide 'sousuo)
;;; sousuo.el ends here
