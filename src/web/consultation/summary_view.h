// The consultation summary on the web (PRODUCT.md, module 4: "a public page and a Markdown/CSV
// export listing every input received ..., what became of it, and the justification for each
// input not adopted; dissent recorded as dissent"): what the store holds, gathered for
// consultations::build_summary, and its words in the reader's language.
#pragma once

#include "core/result.h"
#include "domain/consultations/summary.h"
#include "domain/i18n/language.h"
#include "http/message.h"
#include "storage/consultation_store.h"
#include "web/context.h"

#include <kainjow/mustache.hpp>

namespace tablero::web::consultation {

// Every proposal and comment of the consultation, and the vote counts when the consultation
// shows them (live, or after voting closed), built into a summary.
Result<consultations::Summary> load_summary(
    Context& context, const storage::Consultation& consultation);

// The labels of the exports, from the catalog of language.
consultations::SummaryLabels summary_labels(const Context& context, i18n::Language language);

// The view of templates/consultation/summary.mustache: totals, proposals, comments, votes.
kainjow::mustache::data summary_data(Context& context, i18n::Language language,
    const storage::Consultation& consultation, const consultations::Summary& summary);

// GET /consultations/{id}/summary.md and .csv.
Result<http::Response> summary_markdown_response(Context& context, const http::Request& request,
    i18n::Language language, const storage::Consultation& consultation);
Result<http::Response> summary_csv_response(Context& context, const http::Request& request,
    i18n::Language language, const storage::Consultation& consultation);

}  // namespace tablero::web::consultation
