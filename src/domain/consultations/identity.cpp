#include "domain/consultations/identity.h"

namespace tablero::consultations {

Result<std::string> normalise_identity_number(std::string_view typed)
{
    std::string digits;
    for (char c : typed) {
        if (c == ' ' || c == '.' || c == '-')
            continue;
        if (c < '0' || c > '9')
            return fail(ErrorCode::invalid_argument,
                "an identity number holds only digits (spaces, dots and hyphens are ignored)",
                "identity");
        digits += c;
    }
    if (digits.size() < 5 || digits.size() > 15)
        return fail(
            ErrorCode::invalid_argument, "an identity number has 5 to 15 digits", "identity");
    return digits;
}

}  // namespace tablero::consultations
