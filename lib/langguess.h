/* langguess.h - a script-based language guess for the lang: filter. */
#ifndef SOUSUO_LANGGUESS_H
#define SOUSUO_LANGGUESS_H

#include <stddef.h>

/* Looks at the letters of the first 64 KiB of UTF-8 text and returns a
 * static string:
 *   "ko"  Hangul outnumbers the other CJK scripts;
 *   "ja"  kana make up at least 5% of the CJK letters (Japanese mixes
 *         kana into kanji; Chinese uses none);
 *   "zh"  other Han text;
 *   "en"  mostly non-CJK letters (we cannot tell English from other
 *         Latin-script languages by script alone: "en" means "Latin");
 *   "und" no letters at all.
 * CJK text counts once per character, other letters once per word-ish
 * character too: a text is CJK when its CJK letters are at least a third
 * of all letters. */
const char *lang_guess(const char *text, size_t len);

#endif
