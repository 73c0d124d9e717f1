// bench/peers/xapian-qp.cc - benchmark peer, NOT part of sousuo.
// Times Xapian's own QueryParser (CJK n-grams) + get_mset(0, 10) against
// an omindex database, in one process.
//   stdin:  qid<TAB>class<TAB>query        (one per line)
//   stdout: qid<TAB>class<TAB>hits<TAB>estimate<TAB>microseconds<TAB>CPU microseconds
// Usage: xapian-qp DBDIR [and|or [data|- [HITS]]]   (default: and, -, 10)
// Built by bench/bench-search.sh:
//   g++ -O2 xapian-qp.cc $(pkg-config --cflags --libs xapian-core)
#include <xapian.h>
#include <time.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

static double cpu_us() {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        std::cerr << "usage: xapian-qp DBDIR [and|or [data|- [HITS]]] < queries\n"
                     "  data: also read each hit's document data (its URL),\n"
                     "  as printing a result needs\n"
                     "  HITS: get_mset(0, HITS) (default 10)\n";
        return 2;
    }
    try {
        Xapian::Database db(argv[1]);
        Xapian::Stem stem("english");
        Xapian::QueryParser qp;
        qp.set_database(db);
        qp.set_stemmer(stem);
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        if (argc < 3 || std::strcmp(argv[2], "or") != 0)
            qp.set_default_op(Xapian::Query::OP_AND);
        const bool data = argc > 3 && std::strcmp(argv[3], "data") == 0;
        const int hits = argc > 4 ? std::atoi(argv[4]) : 10;
        if (hits < 1) {
            std::cerr << "xapian-qp: HITS must be a positive number\n";
            return 2;
        }
        size_t bytes = 0;
        const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                               Xapian::QueryParser::FLAG_CJK_NGRAM;
        std::string line;
        while (std::getline(std::cin, line)) {
            size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
            if (t1 == std::string::npos || t2 == std::string::npos) continue;
            std::string qid = line.substr(0, t1);
            std::string cls = line.substr(t1 + 1, t2 - t1 - 1);
            std::string q = line.substr(t2 + 1);
            double c0 = cpu_us();
            auto t0 = std::chrono::steady_clock::now();
            Xapian::doccount n = 0, est = 0;
            try {
                Xapian::Enquire enq(db);
                enq.set_query(qp.parse_query(q, flags));
                Xapian::MSet ms = enq.get_mset(0, hits);
                if (data)
                    for (auto it = ms.begin(); it != ms.end(); ++it)
                        bytes += it.get_document().get_data().size();
                n = ms.size();
                est = ms.get_matches_estimated();
            } catch (const Xapian::QueryParserError &e) {
                n = 0;
            }
            auto us = std::chrono::duration<double, std::micro>(
                          std::chrono::steady_clock::now() - t0).count();
            double c1 = cpu_us();
            std::printf("%s\t%s\t%u\t%u\t%.1f\t%.1f\n", qid.c_str(),
                        cls.c_str(), n, est, us, c1 - c0);
        }
        if (data && bytes == 0)
            std::cerr << "xapian-qp: no document data read\n";
    } catch (const Xapian::Error &e) {
        std::cerr << "xapian-qp: " << e.get_description() << "\n";
        return 2;
    }
    return 0;
}
