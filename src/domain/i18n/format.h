// Numbers, percentages and dates as each language writes them. Spanish and Guaraní (Paraguay)
// group thousands with "." and use "," for decimals, with a space before "%"
// (RAE, Ortografía 2010: "66,3 %"); English uses "," and "." and no space ("66.3%").
// The space before "%" is a no-break space (U+00A0) so the sign never wraps alone.
#pragma once

#include "core/date.h"
#include "core/local_time.h"
#include "domain/i18n/language.h"

#include <string>

namespace tablero::i18n {

// 1234.5 with 1 decimal: "1.234,5" (es, gn), "1,234.5" (en). Rounds half away from zero.
std::string format_number(Language language, double value, int decimals);
// 66.25 with 1 decimal: "66,3 %" (es, gn), "66.3%" (en).
std::string format_percent(Language language, double percent, int decimals = 1);
// 2015-06-30: "30 de junio de 2015" (es), "30 June 2015" (en), "30 jasypoteĩ 2015" (gn).
std::string format_date(Language language, const Date& date);
// 2026-03-31 23:59: "31 de marzo de 2026, 23:59" (es), "31 March 2026, 23:59" (en),
// "31 jasyapy 2026, 23:59" (gn): format_date, a comma, and the 24-hour time.
std::string format_date_time(Language language, const LocalDateTime& local);

}  // namespace tablero::i18n
