#include "web/evidence/uploads.h"

#include "domain/evidence/file_type.h"
#include "domain/i18n/format.h"
#include "domain/text/utf8.h"
#include "storage/file_store.h"
#include "web/account/session.h"
#include "web/render/renderer.h"

#include <cmath>
#include <optional>

namespace tablero::web::evidence {

namespace {

constexpr double mebibyte = 1024.0 * 1024.0;

// A message of the catalog with its {placeholders} filled in.
std::string message(const Context& context, i18n::Language language, std::string_view key,
    std::initializer_list<std::pair<std::string_view, std::string>> values)
{
    std::string text(context.renderer.message(language, key));
    for (const auto& [name, value] : values) {
        const std::string placeholder = "{" + std::string(name) + "}";
        for (auto at = text.find(placeholder); at != std::string::npos;
             at = text.find(placeholder, at + value.size()))
            text.replace(at, placeholder.size(), value);
    }
    return text;
}

// A file name as a message may show it: characters that are not valid UTF-8 or are control
// characters become U+FFFD, and a long name is cut after 80 characters.
std::string shown_name(std::string_view name)
{
    std::string out;
    std::size_t characters = 0;
    for (std::size_t at = 0; at < name.size();) {
        const auto c = text::decode_utf8(name, at);
        if (++characters > 80) {
            out += "…";
            break;
        }
        const bool control = c.code_point < 0x20 || c.code_point == 0x7F ||
            (c.code_point >= 0x80 && c.code_point <= 0x9F);
        if (!c.valid || control)
            out += "\xEF\xBF\xBD";
        else
            out.append(name.substr(at, c.length));
        at += c.length;
    }
    return out;
}

// Megabytes with one decimal, rounded up so that a file just over the limit never reads as the
// limit itself ("10.1 MB", not "10.0 MB").
std::string megabytes(i18n::Language language, std::size_t bytes)
{
    const double tenths = std::ceil(static_cast<double>(bytes) * 10.0 / mebibyte);
    return i18n::format_number(language, tenths / 10.0, 1);
}

std::string limit_megabytes(i18n::Language language, std::size_t bytes)
{
    const double value = static_cast<double>(bytes) / mebibyte;
    const bool whole = std::floor(value) == value;
    return i18n::format_number(language, value, whole ? 0 : 1);
}

// Why this file cannot be kept, in the reader's language; nullopt when it can, with its type.
std::optional<std::string> refusal(const Context& context, i18n::Language language,
    const http::UploadedFile& file, const ::tablero::evidence::FileType*& type)
{
    namespace ev = ::tablero::evidence;
    const std::string name = shown_name(file.filename);
    if (auto bad_name = ev::check_upload_name(file.filename)) {
        return message(context, language, "evidence_name_" + std::string(ev::to_string(*bad_name)),
            {{"name", name}});
    }
    if (file.bytes.size() > context.max_upload_bytes) {
        return message(context, language, "evidence_refused_too_large",
            {{"name", name}, {"size", megabytes(language, file.bytes.size())},
                {"limit", limit_megabytes(language, context.max_upload_bytes)}});
    }
    const auto check = ev::check_content(file.bytes, file.filename);
    if (check.accepted()) {
        type = check.type;
        return std::nullopt;
    }
    if (check.refusal == ev::ContentRefusal::empty)
        return message(context, language, "evidence_refused_empty", {{"name", name}});
    const std::string reason = message(
        context, language, "evidence_content_" + std::string(ev::to_string(check.refusal)), {});
    return message(
        context, language, "evidence_refused_content", {{"name", name}, {"reason", reason}});
}

std::string trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

}  // namespace

std::string file_url(std::string_view sha256)
{
    return "/files/" + std::string(sha256);
}

Result<std::vector<plans::Evidence>> store_uploaded_evidence(Context& context,
    i18n::Language language, const http::MultipartForm& form, const storage::SessionRecord& session,
    std::string_view file_field, std::string_view title_field)
{
    // Every file first: one refused file and none is kept.
    std::vector<const http::UploadedFile*> uploads;
    std::vector<storage::NewFile> accepted;
    for (const auto& file : form.files) {
        if (file.field != file_field)
            continue;
        const ::tablero::evidence::FileType* type = nullptr;
        if (auto why = refusal(context, language, file, type))
            return fail(ErrorCode::invalid_argument, std::move(*why), std::string(file_field));
        uploads.push_back(&file);
        accepted.push_back({file.bytes, std::string(type->media_type), file.filename});
    }
    if (accepted.empty())
        return std::vector<plans::Evidence>{};

    const storage::AuditActor by = account::audit_actor(session.account);
    auto stored = context.files.store(accepted, by, storage::to_sql_timestamp(context.clock.now()));
    if (!stored.ok())
        return std::move(stored).error();

    const std::string title =
        title_field.empty() ? std::string() : trimmed(http::form_value(form.fields, title_field));
    const Date today = context.clock.today();
    std::vector<plans::Evidence> evidence;
    for (std::size_t i = 0; i < stored->size(); ++i) {
        const std::string& name = uploads[i]->filename;
        std::string item_title = name;
        if (!title.empty())
            item_title = uploads.size() == 1 ? title : title + " (" + name + ")";
        evidence.push_back({std::move(item_title), file_url((*stored)[i].sha256), today});
    }
    return evidence;
}

}  // namespace tablero::web::evidence
