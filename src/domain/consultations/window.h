// When a consultation phase accepts participation (PRODUCT.md, module 4: "phases with hard open
// and close instants ... outside its window an action is refused with the reason"). A pure
// function of the instant: the caller reads the clock.
#pragma once

#include <chrono>

namespace tablero::consultations {

enum class WindowState { not_yet_open, open, closed };

struct Window {
    std::chrono::system_clock::time_point opens_at;
    std::chrono::system_clock::time_point closes_at;
};

// Open exactly when opens_at <= now < closes_at: the closing instant itself is already closed
// ("comments close at 23:59" refuses a comment sent at 23:59:00).
WindowState window_state(const Window& window, std::chrono::system_clock::time_point now);

}  // namespace tablero::consultations
