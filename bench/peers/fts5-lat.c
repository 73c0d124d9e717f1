/* bench/peers/fts5-lat.c - in-process latency of SQLite FTS5 queries.
 * A benchmark peer, not part of sousuo.
 *   stdin:  qid<TAB>class<TAB>SQL          (one per line; SQL returns rows)
 *   stdout: qid<TAB>class<TAB>rows<TAB>-<TAB>microseconds<TAB>CPU microseconds
 * Usage: fts5-lat DBFILE
 * Each timing covers sqlite3_prepare_v2 + stepping every row + finalize. */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"

int main(int argc, char **argv)
{
    sqlite3 *db;
    char *line = NULL;
    size_t cap = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: fts5-lat DBFILE < queries\n");
        return 2;
    }
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "fts5-lat: %s\n", sqlite3_errmsg(db));
        return 2;
    }
    while (getline(&line, &cap, stdin) > 0) {
        char *cls, *sql, *nl;
        sqlite3_stmt *st = NULL;
        long rows = 0;
        double t0, t1, c0, c1;
        if ((nl = strchr(line, '\n'))) *nl = '\0';
        if (!(cls = strchr(line, '\t')) || !(sql = strchr(cls + 1, '\t')))
            continue;
        *cls++ = '\0';
        *sql++ = '\0';
        c0 = cpu_us();
        t0 = now_us();
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
            int rc;
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) rows++;
            if (rc != SQLITE_DONE) {
                fprintf(stderr, "fts5-lat: %s: %s\n", line, sqlite3_errmsg(db));
                rows = -1;
            }
        } else {
            fprintf(stderr, "fts5-lat: %s: %s\n", line, sqlite3_errmsg(db));
            rows = -1;
        }
        sqlite3_finalize(st);
        t1 = now_us();
        c1 = cpu_us();
        printf("%s\t%s\t%ld\t-\t%.1f\t%.1f\n", line, cls, rows, t1 - t0,
               c1 - c0);
    }
    free(line);
    sqlite3_close(db);
    return 0;
}
