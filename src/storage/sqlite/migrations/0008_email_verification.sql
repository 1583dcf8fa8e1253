-- Placeholder: filled in by the feature that owns this migration number (issue 6).
SELECT 1;
