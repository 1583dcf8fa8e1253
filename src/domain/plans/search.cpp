#include "domain/plans/search.h"

#include "domain/text/fold.h"

#include <algorithm>

namespace tablero::plans {

namespace {

// " w1 w2 w3": every word after a space, so that " w" finds w at the start of any word.
void append_words(std::string& out, std::string_view text)
{
    for (const auto& token : text::tokenize(text)) {
        out += ' ';
        out += token.folded;
    }
}

int count_word_starts(std::string_view words, std::string_view needle)
{
    int count = 0;
    for (std::size_t at = words.find(needle); at != std::string_view::npos;
         at = words.find(needle, at + needle.size()))
        ++count;
    return count;
}

bool matches_any(const std::string& folded_word, const SearchQuery& query)
{
    return std::any_of(query.words.begin(), query.words.end(),
        [&](const std::string& word) { return folded_word.starts_with(word); });
}

void append_segment(std::vector<TextSegment>& segments, std::string_view text, bool is_match)
{
    if (text.empty())
        return;
    if (!segments.empty() && !segments.back().match && !is_match)
        segments.back().text += text;
    else
        segments.push_back({std::string(text), is_match});
}

constexpr std::string_view ellipsis = "\u2026";

}  // namespace

SearchQuery parse_search_query(std::string_view text)
{
    SearchQuery query;
    for (auto& token : text::tokenize(text::truncate_code_points(text, search_query_limit))) {
        if (std::find(query.words.begin(), query.words.end(), token.folded) == query.words.end())
            query.words.push_back(std::move(token.folded));
    }
    return query;
}

SearchDocument make_search_document(std::string_view title, std::span<const std::string_view> body)
{
    SearchDocument document;
    append_words(document.title, title);
    for (std::string_view field : body)
        append_words(document.body, field);
    return document;
}

SearchDocument make_search_document(const Commitment& commitment)
{
    const std::string_view body[] = {
        commitment.brief_description, commitment.main_goal, commitment.public_problem};
    return make_search_document(commitment.title, body);
}

std::optional<SearchScore> match(const SearchDocument& document, const SearchQuery& query)
{
    if (query.empty())
        return std::nullopt;
    SearchScore score;
    std::string needle;
    for (const auto& word : query.words) {
        needle.assign(1, ' ');
        needle += word;
        const int in_title = count_word_starts(document.title, needle);
        const int in_body = count_word_starts(document.body, needle);
        if (in_title + in_body == 0)
            return std::nullopt;
        if (in_title > 0)
            ++score.title_words;
        score.matches += in_title + in_body;
    }
    return score;
}

void rank(std::vector<SearchHit>& hits)
{
    std::sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
        if (a.score.title_words != b.score.title_words)
            return a.score.title_words > b.score.title_words;
        if (a.score.matches != b.score.matches)
            return a.score.matches > b.score.matches;
        return a.position < b.position;
    });
}

std::vector<SearchHit> search(std::span<const SearchDocument> documents, const SearchQuery& query)
{
    std::vector<SearchHit> hits;
    if (query.empty())
        return hits;
    for (std::size_t i = 0; i < documents.size(); ++i) {
        if (auto score = match(documents[i], query))
            hits.push_back({i, *score});
    }
    rank(hits);
    return hits;
}

WordIndex::WordIndex(std::span<const SearchDocument> documents)
{
    std::vector<std::pair<std::string_view, std::uint32_t>> pairs;
    for (std::size_t i = 0; i < documents.size(); ++i) {
        for (const std::string* field : {&documents[i].title, &documents[i].body}) {
            // The fields are folded words, each after a space (make_search_document).
            std::string_view rest = *field;
            while (!rest.empty()) {
                const std::size_t start = rest.find_first_not_of(' ');
                if (start == std::string_view::npos)
                    break;
                rest.remove_prefix(start);
                const std::size_t end = std::min(rest.find(' '), rest.size());
                pairs.emplace_back(rest.substr(0, end), static_cast<std::uint32_t>(i));
                rest.remove_prefix(end);
            }
        }
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    m_documents.reserve(pairs.size());
    for (const auto& [word, document] : pairs) {
        if (m_words.empty() || m_words.back() != word) {
            m_words.emplace_back(word);
            m_starts.push_back(static_cast<std::uint32_t>(m_documents.size()));
        }
        m_documents.push_back(document);
    }
    m_starts.push_back(static_cast<std::uint32_t>(m_documents.size()));
}

std::vector<std::size_t> WordIndex::candidates(const SearchQuery& query) const
{
    std::vector<std::size_t> kept;
    bool first = true;
    for (const auto& word : query.words) {
        // Every document holding a word that begins with this query word.
        std::vector<std::size_t> holding;
        auto at = std::lower_bound(m_words.begin(), m_words.end(), word);
        for (; at != m_words.end() && at->starts_with(word); ++at) {
            const auto i = static_cast<std::size_t>(at - m_words.begin());
            holding.insert(holding.end(), m_documents.begin() + m_starts[i],
                m_documents.begin() + m_starts[i + 1]);
        }
        std::sort(holding.begin(), holding.end());
        holding.erase(std::unique(holding.begin(), holding.end()), holding.end());
        if (first) {
            kept = std::move(holding);
            first = false;
        } else {
            std::vector<std::size_t> both;
            std::set_intersection(
                kept.begin(), kept.end(), holding.begin(), holding.end(), std::back_inserter(both));
            kept = std::move(both);
        }
        if (kept.empty())
            break;
    }
    return kept;
}

std::vector<SearchHit> search(
    std::span<const SearchDocument> documents, const WordIndex& index, const SearchQuery& query)
{
    std::vector<SearchHit> hits;
    for (const std::size_t i : index.candidates(query)) {
        if (auto score = match(documents[i], query))
            hits.push_back({i, *score});
    }
    rank(hits);
    return hits;
}

std::vector<TextSegment> highlight(std::string_view text, const SearchQuery& query)
{
    std::vector<TextSegment> segments;
    std::size_t copied = 0;
    for (const auto& token : text::tokenize(text)) {
        append_segment(segments, text.substr(copied, token.begin - copied), false);
        append_segment(segments, text.substr(token.begin, token.end - token.begin),
            matches_any(token.folded, query));
        copied = token.end;
    }
    append_segment(segments, text.substr(copied), false);
    return segments;
}

std::vector<TextSegment> excerpt(
    std::string_view text, const SearchQuery& query, std::size_t max_code_points)
{
    if (text::count_characters(text) <= max_code_points)
        return highlight(text, query);
    const auto tokens = text::tokenize(text);
    // Room for the ellipses at both ends.
    const std::size_t room = max_code_points > 2 ? max_code_points - 2 : 0;
    const auto first_match = std::find_if(tokens.begin(), tokens.end(),
        [&](const text::Token& token) { return matches_any(token.folded, query); });

    // Start a few words before the first match, at most a third of the room before it.
    std::size_t begin = 0;
    if (first_match != tokens.end()) {
        begin = first_match->begin;
        for (auto token = first_match; token != tokens.begin();) {
            --token;
            if (text::count_characters(
                    text.substr(token->begin, first_match->begin - token->begin)) > room / 3)
                break;
            begin = token->begin;
        }
    }
    // End after the last whole word that fits.
    std::size_t end = begin;
    for (const auto& token : tokens) {
        if (token.end <= begin)
            continue;
        if (text::count_characters(text.substr(begin, token.end - begin)) > room)
            break;
        end = token.end;
    }
    if (end == begin)
        end = begin + text::truncate_code_points(text.substr(begin), room).size();
    // A match near the end leaves room: fill it with the words before.
    for (auto token = tokens.rbegin(); token != tokens.rend(); ++token) {
        if (token->begin >= begin)
            continue;
        if (text::count_characters(text.substr(token->begin, end - token->begin)) > room)
            break;
        begin = token->begin;
    }

    std::vector<TextSegment> segments;
    if (begin > 0)
        append_segment(segments, ellipsis, false);
    for (auto& segment : highlight(text.substr(begin, end - begin), query))
        append_segment(segments, segment.text, segment.match);
    if (end < text.size())
        append_segment(segments, ellipsis, false);
    return segments;
}

}  // namespace tablero::plans
