"""Cross-cutting web concerns: access rules, page-or-partial rendering, security headers, i18n."""
