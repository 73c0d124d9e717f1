// bench/adapters/xapian-run.cc - the Xapian peer's query side (not part
// of sousuo): Xapian's QueryParser with CJK n-grams over an omindex
// database, top LIMIT hits (0 = all) by BM25.
//   stdin:  qid<TAB>query     stdout: qid<TAB>rank<TAB>path
//   TIMES (a file): qid<TAB>ms, parse + get_mset + reading the hits' data
// Usage: xapian-run DBDIR LIMIT TIMES
// The default operator is AND, as sousuo's; stemming as omega's default
// (english, STEM_SOME).  Built by omindex.sh with
//   g++ -O2 xapian-run.cc $(pkg-config --cflags --libs xapian-core)
#include <xapian.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char **argv) {
    if (argc != 4) {
        std::cerr << "usage: xapian-run DBDIR LIMIT TIMES < queries\n";
        return 2;
    }
    FILE *times = std::fopen(argv[3], "w");
    if (!times) {
        std::perror(argv[3]);
        return 2;
    }
    try {
        Xapian::Database db(argv[1]);
        unsigned limit = std::strtoul(argv[2], nullptr, 10);
        if (limit == 0) limit = db.get_doccount();
        Xapian::QueryParser qp;
        qp.set_database(db);
        qp.set_stemmer(Xapian::Stem("english"));
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp.set_default_op(Xapian::Query::OP_AND);
        const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                               Xapian::QueryParser::FLAG_CJK_NGRAM;
        std::string line;
        while (std::getline(std::cin, line)) {
            size_t tab = line.find('\t');
            if (tab == std::string::npos) continue;
            std::string qid = line.substr(0, tab), q = line.substr(tab + 1);
            std::vector<std::string> paths;
            auto t0 = std::chrono::steady_clock::now();
            try {
                Xapian::Enquire enq(db);
                enq.set_query(qp.parse_query(q, flags));
                Xapian::MSet ms = enq.get_mset(0, limit);
                for (auto it = ms.begin(); it != ms.end(); ++it) {
                    // omindex --url /: the data starts "url=/PATH\n".
                    std::string d = it.get_document().get_data();
                    size_t u = d.find("url=/"), e;
                    if (u == std::string::npos) continue;
                    e = d.find('\n', u);
                    paths.push_back(d.substr(u + 5, e == std::string::npos ? e : e - u - 5));
                }
            } catch (const Xapian::QueryParserError &) {
            }
            double ms = std::chrono::duration<double, std::milli>(
                            std::chrono::steady_clock::now() - t0).count();
            for (size_t i = 0; i < paths.size(); i++)
                std::printf("%s\t%zu\t%s\n", qid.c_str(), i + 1, paths[i].c_str());
            std::fprintf(times, "%s\t%.3f\n", qid.c_str(), ms);
        }
    } catch (const Xapian::Error &e) {
        std::cerr << "xapian-run: " << e.get_description() << "\n";
        return 2;
    }
    return std::fclose(times) == 0 ? 0 : 2;
}
