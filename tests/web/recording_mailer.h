// A Mailer for the web tests: keeps every message the pages send, so a test can read the link
// in it; it can be told to fail, as a mail server that refuses would.
#pragma once

#include "mail/mailer.h"

#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace tablero::web::testing {

class RecordingMailer final : public mail::Mailer {
public:
    Result<void> send(const mail::MailMessage& message) override
    {
        std::lock_guard lock(m_mutex);
        if (m_failure)
            return *m_failure;
        m_sent.push_back(message);
        return {};
    }

    std::vector<mail::MailMessage> sent() const
    {
        std::lock_guard lock(m_mutex);
        return m_sent;
    }

    // The first link to /verify-email in the latest message sent to `to`, or empty.
    std::string last_verification_link(const std::string& to) const
    {
        std::lock_guard lock(m_mutex);
        static const std::regex link(R"(https?://[^\s]+/verify-email\?token=[0-9a-f]+)");
        for (auto it = m_sent.rbegin(); it != m_sent.rend(); ++it) {
            if (it->to != to)
                continue;
            std::smatch match;
            return std::regex_search(it->text, match, link) ? match[0].str() : std::string();
        }
        return {};
    }

    // Every send fails with `error` from now on (nullopt: sends work again).
    void fail_with(std::optional<Error> error)
    {
        std::lock_guard lock(m_mutex);
        m_failure = std::move(error);
    }

private:
    mutable std::mutex m_mutex;
    std::vector<mail::MailMessage> m_sent;
    std::optional<Error> m_failure;
};

}  // namespace tablero::web::testing
