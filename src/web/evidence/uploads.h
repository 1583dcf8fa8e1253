// Evidence files uploaded with a form (issue 5: "evidence: links and uploaded files: PDF, images,
// office documents, CSV; size limit; files stored by content hash; type checked by content, not
// by name"). A form that takes files calls store_uploaded_evidence after its own checks:
//
//     auto session = account::require(context, request, accounts::Action::..., scope);
//     auto form = http::parse_multipart(request);           // 400 when malformed
//     account::check_session_csrf(context, request, *session, form->fields);
//     auto evidence = evidence::store_uploaded_evidence(
//         context, language, *form, *session, "evidence_file", "evidence_title");
//     if (!evidence.ok() && evidence.error().code == ErrorCode::invalid_argument)
//         ... show the form again with evidence.error().message beside the field
//         ... named by evidence.error().where
//
// and puts the returned items into the update's evidence. Every file of the field is checked
// (name, size, content) before any is kept, so a refused file leaves nothing behind.
#pragma once

#include "core/result.h"
#include "domain/i18n/language.h"
#include "domain/plans/model.h"
#include "http/multipart.h"
#include "storage/account_store.h"
#include "web/context.h"

#include <string>
#include <string_view>
#include <vector>

namespace tablero::web::evidence {

// Checks and keeps the files the form sent in file_field, and returns one evidence item per file:
// titled with the form's title_field when given (several files: "title (name)"), otherwise the
// file's name; its url "/files/<sha256>"; dated today (context.clock). No file in the field gives
// an empty list.
//
// A refused file is invalid_argument whose where is file_field and whose message, in language,
// names the file and says why ("«informe.pdf» is not a PDF, image, office document or CSV file:
// its content is an executable program"); nothing is stored then. The store's own failures
// (unavailable, internal) pass through.
Result<std::vector<plans::Evidence>> store_uploaded_evidence(Context& context,
    i18n::Language language, const http::MultipartForm& form, const storage::SessionRecord& session,
    std::string_view file_field, std::string_view title_field = {});

// The address a kept file is served at: "/files/<sha256>".
std::string file_url(std::string_view sha256);

}  // namespace tablero::web::evidence
