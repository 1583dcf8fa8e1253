#include "core/clock.h"

namespace tablero {

Date Clock::today() const
{
    auto days = std::chrono::floor<std::chrono::days>(now());
    return date_from_days(static_cast<long>(days.time_since_epoch().count()));
}

std::chrono::system_clock::time_point SystemClock::now() const
{
    return std::chrono::system_clock::now();
}

}  // namespace tablero
