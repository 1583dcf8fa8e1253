// What the web and API handlers share: the stores, the renderer, the page cache, the message
// catalogs and the static file URLs. Built once in app/ (the composition root).
#pragma once

#include "core/clock.h"
#include "domain/i18n/catalog.h"
#include "http/metrics.h"
#include "http/static_files.h"
#include "mail/mailer.h"
#include "security/secrets.h"
#include "storage/account_store.h"
#include "storage/consultation_store.h"
#include "storage/database.h"
#include "storage/file_store.h"
#include "storage/link_check_store.h"
#include "storage/monitoring_store.h"
#include "storage/plan_cache.h"
#include "storage/plan_editor.h"
#include "storage/plan_store.h"
#include "storage/site_store.h"
#include "storage/workspace_store.h"

#include <memory>
#include <string>

namespace tablero::web {

class Renderer;
class PageCache;

struct Context {
    storage::Database& database;
    storage::SiteStore& site;
    storage::PlanStore& plans;
    // Whole plans, for the pages computed over a whole plan.
    storage::PlanCache& plan_cache;
    const i18n::Catalogs& catalogs;
    Renderer& renderer;
    PageCache& page_cache;
    const http::StaticFiles& static_files;
    http::Metrics& metrics;
    const Clock& clock;
    std::string version;
    // Accounts and their sessions (web/account/).
    storage::AccountStore& accounts;
    // How hard argon2id works for new password hashes: interactive in the server, test in tests.
    security::HashCost password_cost = security::HashCost::interactive;
    // Officers' progress updates and their validation (web/workspace/).
    storage::WorkspaceStore& workspace;
    // Administrators' edits of plans, areas, commitments, results and institutions (web/admin/).
    storage::PlanEditor& plan_editor;
    // Assessments (civil society's and the government's) and dissent (web/monitoring/).
    storage::MonitoringStore& monitoring;
    // Files uploaded as evidence (web/evidence/), and the largest one accepted (--max-upload-mb).
    storage::FileStore& files;
    std::size_t max_upload_bytes = 10 * 1024 * 1024;
    // The latest background check of each evidence link, shown to officers (web/workspace/).
    storage::LinkCheckStore& link_checks;
    // Consultations: phases, drafts, comments, proposals, votes, moderation (web/consultation/).
    storage::ConsultationStore& consultations;
    // Sends the e-mail verification links (web/account/): to the log when no mail server is set.
    mail::Mailer& mailer;
    // The base of links in e-mail, without a trailing slash ("https://tablero.example.gov.py").
    std::string public_url;
    // Later features add their stores here, and name them in the designated initialisers of
    // app/serve.cpp and tests/web/page_fixture.h.
};

}  // namespace tablero::web
