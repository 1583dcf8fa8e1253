// Searching commitments by the words of their title and description (PRODUCT.md, module 2: the
// public board). Accents and case do not matter ("informacion" finds "información"); every word
// of the query must appear, as a word or the beginning of one ("transp" finds "transparencia");
// hits in the title rank above hits in the description, more matches above fewer, and then the
// order of the plans and of their commitments. Pure functions: the caller keeps the prepared
// documents for as long as the plan they describe does not change.
#pragma once

#include "domain/plans/model.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tablero::plans {

// A query longer than this many characters is cut there, not refused.
inline constexpr std::size_t search_query_limit = 200;

// The words to look for: folded (text/fold.h), in the order typed, each once.
struct SearchQuery {
    std::vector<std::string> words;
    bool empty() const { return words.empty(); }
};

// The query's first search_query_limit characters, split into folded words.
SearchQuery parse_search_query(std::string_view text);

// A commitment's words prepared once for any number of queries: each field's folded words,
// each preceded by a space (" ley de acceso"), so that a word or a word's beginning is a find.
struct SearchDocument {
    std::string title;
    // The brief description, main goal and public problem.
    std::string body;
};

// The fields search reads: the title, and the brief description, main goal and public problem.
SearchDocument make_search_document(const Commitment& commitment);
SearchDocument make_search_document(std::string_view title, std::span<const std::string_view> body);

struct SearchScore {
    // Query words found in the title.
    int title_words = 0;
    // Words of the document (title and body) that a query word begins.
    int matches = 0;
    bool operator==(const SearchScore&) const = default;
};

// The score when every query word begins some word of the title or the body; nullopt otherwise,
// and for an empty query.
std::optional<SearchScore> match(const SearchDocument& document, const SearchQuery& query);

struct SearchHit {
    // The document's place in the caller's list (plans in order, then their commitments).
    std::size_t position = 0;
    SearchScore score;
    bool operator==(const SearchHit&) const = default;
};

// The documents every word of query matches, ranked: more query words in the title first, then
// more matching words, then position.
std::vector<SearchHit> search(std::span<const SearchDocument> documents, const SearchQuery& query);

// Sorts hits gathered from several searches into the ranking search() gives.
void rank(std::vector<SearchHit>& hits);

// The words of a list of documents, each with the documents that hold it, so that a query reads
// only the documents holding its words instead of testing every one (bench/README.md, "Scale":
// testing all 20,000 commitments of 200 plans took ~80 ms a query).
class WordIndex {
public:
    WordIndex() = default;
    explicit WordIndex(std::span<const SearchDocument> documents);

    // The positions of the documents in which every query word begins some word of the title or
    // the body, ascending: exactly the documents match() scores. Empty for an empty query.
    std::vector<std::size_t> candidates(const SearchQuery& query) const;

private:
    // Every word once, sorted, so a word's beginning is a range of them.
    std::vector<std::string> m_words;
    // The documents of m_words[i] are m_documents[m_starts[i]] to m_documents[m_starts[i + 1]].
    std::vector<std::uint32_t> m_starts;
    std::vector<std::uint32_t> m_documents;
};

// search() over the documents the index names: the same hits in the same order.
std::vector<SearchHit> search(
    std::span<const SearchDocument> documents, const WordIndex& index, const SearchQuery& query);

// A piece of text to show, and whether it is a word the query matched (for <mark>).
struct TextSegment {
    std::string text;
    bool match = false;
    bool operator==(const TextSegment&) const = default;
};

// text cut into segments, the words a query word begins marked.
std::vector<TextSegment> highlight(std::string_view text, const SearchQuery& query);

// At most max_code_points characters of text around its first matching word (its start when no
// word matches), cut between words, with "…" where text was left out, highlighted.
std::vector<TextSegment> excerpt(
    std::string_view text, const SearchQuery& query, std::size_t max_code_points);

}  // namespace tablero::plans
