// The demonstration data `tablero serve --demo` and `make run` load (demo/README.md): Paraguay's
// Open Government Action Plan 2014-2016 as its midterm self-assessment report gives it (66.3 %
// as of 30 June 2015) and the Chilean Congress' open parliament plan 2017-2018, each as a plan
// CSV plus a JSON file of the template fields the CSV cannot carry. Loading twice changes
// nothing.
#pragma once

#include "core/clock.h"
#include "core/result.h"
#include "storage/account_store.h"
#include "storage/consultation_store.h"
#include "storage/plan_store.h"
#include "storage/site_store.h"

#include <filesystem>

namespace tablero::app {

Result<void> load_demo_data(storage::SiteStore& site, storage::PlanStore& plans,
    const std::filesystem::path& demo_folder, const Clock& clock);

// A demonstration consultation of the Paraguayan plan (load_demo_data first): results shown
// live, every phase open from 7 days before the clock's now until 14 days after it, a published
// draft, and two proposals by demonstration accounts (which nobody can sign in to), one of them
// answered "not accepted" with its justification. Loading again when it exists changes nothing.
Result<void> load_demo_consultation(
    storage::AccountStore& accounts, storage::ConsultationStore& consultations, const Clock& clock);

}  // namespace tablero::app
