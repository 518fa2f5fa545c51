#pragma once

#include <QString>

namespace thetool::report {

// HTML for the Markdown of the strategy help files (GET /api/strategies/{id}/help?format=html):
// ATX headings, paragraphs, "-"/"*" lists, pipe tables, **bold**, *emphasis* and `code`.
// Text is HTML-escaped first, so the output never carries markup from the input.
QString markdownToHtml(const QString &markdown);

} // namespace thetool::report
