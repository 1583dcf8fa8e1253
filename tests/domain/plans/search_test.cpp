#include "domain/plans/search.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tablero::plans {
namespace {

SearchDocument document(std::string_view title, std::string_view body = {})
{
    const std::string_view fields[] = {body};
    return make_search_document(title, fields);
}

TEST(SearchQuery, FoldedWordsOnceEachCutAtTheLimit)
{
    struct Row {
        std::string name;
        std::string input;
        std::vector<std::string> expected;
    };
    const std::string long_query = std::string(search_query_limit - 3, 'a') + " bcdef";
    const Row rows[] = {
        {"empty", "", {}},
        {"only punctuation", " ¿? — ", {}},
        {"folded, in order", "Información PÚBLICA", {"informacion", "publica"}},
        {"repeated words once", "ley LEY Ley acceso", {"ley", "acceso"}},
        {"cut, not refused", long_query, {std::string(search_query_limit - 3, 'a'), "bc"}},
        {"invalid UTF-8 separates",
            "ley\xff"
            "acceso",
            {"ley", "acceso"}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(parse_search_query(row.input).words, row.expected);
    }
}

TEST(SearchMatch, EveryWordMustBeginAWord)
{
    const SearchDocument ley = document("Ley de acceso a la información pública",
        "Participación ciudadana y transparencia en la gestión del Ñandutí");
    struct Row {
        std::string name;
        std::string query;
        std::optional<SearchScore> expected;
    };
    const Row rows[] = {
        {"no accent finds the accent", "informacion", SearchScore{1, 1}},
        {"capitals find lowercase", "PARTICIPACION", SearchScore{0, 1}},
        {"n finds ñ", "nanduti", SearchScore{0, 1}},
        {"a prefix finds the word", "transp", SearchScore{0, 1}},
        {"accent in the query too", "Gestión", SearchScore{0, 1}},
        {"all words, title and body", "ley transparencia", SearchScore{1, 2}},
        {"one missing word fails all", "ley presupuesto", std::nullopt},
        {"the middle of a word does not match", "formacion", std::nullopt},
        {"a longer word than the text's does not match", "leyes", std::nullopt},
        {"each occurrence counts", "la", SearchScore{1, 2}},
        {"empty query matches nothing", "", std::nullopt},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(match(ley, parse_search_query(row.query)), row.expected);
    }
}

TEST(Search, RanksTitleThenMatchesThenPosition)
{
    const std::vector<SearchDocument> documents = {
        document("Presupuesto abierto", "Datos de transparencia"),  // 0: body, 1 match
        document("Portal de transparencia", "Transparencia activa"),  // 1: title, 2 matches
        document("Compras públicas", "Nada que ver"),  // 2: no match
        document("Transparencia municipal", ""),  // 3: title, 1 match
        document("Consejos", "Transparencia y más transparencia"),  // 4: body, 2 matches
        document("Transparencia legislativa", "Registro"),  // 5: title, 1 match
    };
    const auto hits = search(documents, parse_search_query("TRANSPARENCIA"));
    std::vector<std::size_t> order;
    for (const auto& hit : hits)
        order.push_back(hit.position);
    EXPECT_EQ(order, (std::vector<std::size_t>{1, 3, 5, 4, 0}));

    // rank() gives the same order to hits gathered in any order.
    auto shuffled = std::vector<SearchHit>(hits.rbegin(), hits.rend());
    rank(shuffled);
    EXPECT_EQ(shuffled, hits);
    EXPECT_TRUE(search(documents, parse_search_query("")).empty());
}

// The index must name exactly the documents match() scores, so that search with it gives what
// search over every document gives.
TEST(WordIndex, NamesExactlyTheDocumentsMatchScores)
{
    const std::vector<SearchDocument> documents = {
        document("Ley de acceso a la información pública", "Participación ciudadana"),
        document("Portal de transparencia", "Transparencia activa en municipios"),
        document("Compras públicas", "Datos abiertos de contrataciones"),
        document("Ñandutí digital", "Acceso a datos en guaraní"),
        document("", ""),
        document("Presupuesto participativo", "Audiencias públicas y acceso"),
    };
    const WordIndex index(documents);
    struct Row {
        const char* name;
        const char* query;
        std::vector<std::size_t> expected;
    };
    const Row rows[] = {
        {"a whole word in titles and bodies", "acceso", {0, 3, 5}},
        {"a beginning, folded", "PUBL", {0, 2, 5}},
        {"n finds ñ", "nandu", {3}},
        {"every word must be held", "acceso datos", {3}},
        {"a word's middle is not a beginning", "ceso", {}},
        {"one word held nowhere empties the rest", "acceso presupuestos", {}},
        {"a word longer than any", "transparencias", {}},
        {"the shortest beginning", "a", {0, 1, 2, 3, 5}},
        {"empty query", "", {}},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        const SearchQuery query = parse_search_query(row.query);
        EXPECT_EQ(index.candidates(query), row.expected);
        std::vector<std::size_t> scored;
        for (std::size_t i = 0; i < documents.size(); ++i)
            if (match(documents[i], query))
                scored.push_back(i);
        EXPECT_EQ(index.candidates(query), scored);
        EXPECT_EQ(search(documents, index, query), search(documents, query));
    }
}

TEST(SearchDocument, ReadsTitleDescriptionGoalAndProblem)
{
    Commitment commitment;
    commitment.title = "Título";
    commitment.brief_description = "Descripción";
    commitment.main_goal = "Objetivo";
    commitment.public_problem = "Problema";
    commitment.ambition = "Ambición";
    const SearchDocument prepared = make_search_document(commitment);
    EXPECT_EQ(prepared.title, " titulo");
    EXPECT_EQ(prepared.body, " descripcion objetivo problema");
}

std::string render(const std::vector<TextSegment>& segments)
{
    std::string out;
    for (const auto& segment : segments)
        out += segment.match ? "[" + segment.text + "]" : segment.text;
    return out;
}

TEST(Highlight, MarksTheWordsAQueryWordBegins)
{
    struct Row {
        std::string name;
        std::string text;
        std::string query;
        std::string expected;
    };
    const Row rows[] = {
        {"nothing to mark", "Acceso a la información", "ley", "Acceso a la información"},
        {"accents kept in the text", "Acceso a la información.", "informacion",
            "Acceso a la [información]."},
        {"prefix marks the whole word", "Transparencia activa", "transp", "[Transparencia] activa"},
        {"several words", "La ley de la Ley", "ley la", "[La] [ley] de [la] [Ley]"},
        {"empty text", "", "ley", ""},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(render(highlight(row.text, parse_search_query(row.query))), row.expected);
    }
}

TEST(Excerpt, AroundTheFirstMatchBetweenWords)
{
    struct Row {
        std::string name;
        std::string text;
        std::string query;
        std::size_t limit;
        std::string expected;
    };
    const Row rows[] = {
        {"short text whole", "Ley de acceso", "acceso", 40, "Ley de [acceso]"},
        {"no match: the start", "uno dos tres cuatro cinco seis siete", "ley", 16, "uno dos tres…"},
        {"match far in: a few words before it", "uno dos tres cuatro cinco seis siete ocho", "seis",
            20, "…cinco [seis] siete…"},
        {"match at the end", "uno dos tres cuatro cinco seis siete ocho", "ocho", 16,
            "…siete [ocho]"},
        {"one long word is cut by characters", "ñññññññññññññññññññññ", "n", 7, "[ñññññ]…"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(
            render(excerpt(row.text, parse_search_query(row.query), row.limit)), row.expected);
    }
}

}  // namespace
}  // namespace tablero::plans
