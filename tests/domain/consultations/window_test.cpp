// A phase's window at its edges: one second before, at and after each end.
#include "domain/consultations/window.h"

#include <gtest/gtest.h>

#include <string>

namespace tablero::consultations {
namespace {

using namespace std::chrono_literals;
using std::chrono::system_clock;

TEST(Window, OpenExactlyFromOpeningUntilJustBeforeClosing)
{
    // 2026-03-15T03:00:00Z to 2026-04-01T02:59:00Z (15 to 31 March, 23:59 in Asunción).
    const system_clock::time_point opens = system_clock::from_time_t(1773543600);
    const system_clock::time_point closes = system_clock::from_time_t(1775012340);
    const Window window{opens, closes};
    struct Row {
        std::string name;
        system_clock::time_point now;
        WindowState expected;
    };
    const Row rows[] = {
        {"long before", opens - 24h * 30, WindowState::not_yet_open},
        {"a second before opening", opens - 1s, WindowState::not_yet_open},
        {"a millisecond before opening", opens - 1ms, WindowState::not_yet_open},
        {"at opening", opens, WindowState::open},
        {"a second after opening", opens + 1s, WindowState::open},
        {"in the middle", opens + (closes - opens) / 2, WindowState::open},
        {"a second before closing", closes - 1s, WindowState::open},
        {"a millisecond before closing", closes - 1ms, WindowState::open},
        {"at closing", closes, WindowState::closed},
        {"a second after closing", closes + 1s, WindowState::closed},
        {"long after", closes + 24h * 365, WindowState::closed},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(window_state(window, row.now), row.expected);
    }
}

TEST(Window, AnEmptyOrBackwardWindowIsNeverOpen)
{
    const system_clock::time_point at = system_clock::from_time_t(1773543600);
    for (const Window& window : {Window{at, at}, Window{at, at - 1s}}) {
        EXPECT_EQ(window_state(window, at - 1s), WindowState::not_yet_open);
        EXPECT_EQ(window_state(window, at), WindowState::closed);
        EXPECT_EQ(window_state(window, at + 1s), WindowState::closed);
    }
}

}  // namespace
}  // namespace tablero::consultations
