// A list shown a page at a time (home's plans, search results): which page is shown and which
// items it holds. Lenient the way a reader expects of a link: a page past the last shows the last.
#pragma once

#include <cstddef>

namespace tablero::paging {

struct ListPage {
    // The page shown, from 1.
    std::size_t number = 1;
    // Pages the items fill; at least 1, so an empty list has one empty page.
    std::size_t pages = 1;
    // The items on the page: first to last, last excluded (first == last when empty).
    std::size_t first = 0;
    std::size_t last = 0;
};

// The page `asked` (from 1; 0 is read as 1) of `count` items, `per_page` a page (0 read as 1).
ListPage list_page(std::size_t count, std::size_t per_page, std::size_t asked);

}  // namespace tablero::paging
