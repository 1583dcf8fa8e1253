#include "domain/paging.h"

#include <algorithm>

namespace tablero::paging {

ListPage list_page(std::size_t count, std::size_t per_page, std::size_t asked)
{
    per_page = std::max<std::size_t>(per_page, 1);
    ListPage page;
    page.pages = std::max<std::size_t>((count + per_page - 1) / per_page, 1);
    page.number = std::clamp<std::size_t>(asked, 1, page.pages);
    page.first = std::min((page.number - 1) * per_page, count);
    page.last = std::min(page.first + per_page, count);
    return page;
}

}  // namespace tablero::paging
