#include "domain/consultations/window.h"

namespace tablero::consultations {

WindowState window_state(const Window& window, std::chrono::system_clock::time_point now)
{
    if (now < window.opens_at)
        return WindowState::not_yet_open;
    if (now < window.closes_at)
        return WindowState::open;
    return WindowState::closed;
}

}  // namespace tablero::consultations
