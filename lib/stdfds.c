/* stdfds.c - fds 0, 1 and 2 open before the program opens anything. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "stdfds.h"

int
stdfds_open(void)
{
    int fd;

    for (fd = 0; fd <= 2; fd++) {
        /* The "wrong" mode: the program's use of the fd fails with EBADF,
         * as it would on the closed fd, rather than reading an empty
         * stdin or throwing output away without a word. */
        int mode = fd == 0 ? O_WRONLY : O_RDONLY;
        int got;

        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        got = open("/dev/null", mode | O_NOCTTY);
        if (got == -1)
            return -1;
        /* open() takes the lowest free number, which is fd since the
         * lower ones are open by now; dup2() in case it is not. */
        if (got != fd) {
            int bad = dup2(got, fd) == -1;

            close(got);
            if (bad)
                return -1;
        }
    }
    return 0;
}
