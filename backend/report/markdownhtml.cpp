#include "backend/report/markdownhtml.h"

#include <QRegularExpression>
#include <QStringList>

namespace thetool::report {

namespace {

QString inlineHtml(const QString &text)
{
    static const QRegularExpression code(QStringLiteral("`([^`]+)`"));
    static const QRegularExpression bold(QStringLiteral("\\*\\*([^*]+)\\*\\*"));
    static const QRegularExpression emphasis(QStringLiteral("(^|[^*])\\*([^*\\s][^*]*)\\*"));
    QString html = text.toHtmlEscaped();
    html.replace(code, QStringLiteral("<code>\\1</code>"));
    html.replace(bold, QStringLiteral("<strong>\\1</strong>"));
    html.replace(emphasis, QStringLiteral("\\1<em>\\2</em>"));
    return html;
}

QStringList tableCells(const QString &line)
{
    QString inner = line.trimmed();
    if (inner.startsWith(QLatin1Char('|')))
        inner.remove(0, 1);
    if (inner.endsWith(QLatin1Char('|')))
        inner.chop(1);
    QStringList cells = inner.split(QLatin1Char('|'));
    for (QString &cell : cells)
        cell = cell.trimmed();
    return cells;
}

bool isTableRule(const QString &line)
{
    static const QRegularExpression rule(
        QStringLiteral("^\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?$"));
    return rule.match(line.trimmed()).hasMatch();
}

} // namespace

QString markdownToHtml(const QString &markdown)
{
    const QStringList lines = markdown.split(QLatin1Char('\n'));
    QString html;
    QStringList paragraph;
    auto flushParagraph = [&] {
        if (!paragraph.isEmpty())
            html += QStringLiteral("<p>") + inlineHtml(paragraph.join(QLatin1Char(' ')))
                + QStringLiteral("</p>\n");
        paragraph.clear();
    };
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty()) {
            flushParagraph();
            continue;
        }
        static const QRegularExpression heading(QStringLiteral("^(#{1,6})\\s+(.*)$"));
        if (const auto m = heading.match(line); m.hasMatch()) {
            flushParagraph();
            const QString level = QString::number(m.captured(1).size());
            html += QStringLiteral("<h") + level + QLatin1Char('>') + inlineHtml(m.captured(2))
                + QStringLiteral("</h") + level + QStringLiteral(">\n");
            continue;
        }
        if (line.startsWith(QLatin1String("- ")) || line.startsWith(QLatin1String("* "))) {
            flushParagraph();
            html += QStringLiteral("<ul>\n");
            while (i < lines.size()
                && (lines.at(i).trimmed().startsWith(QLatin1String("- "))
                    || lines.at(i).trimmed().startsWith(QLatin1String("* ")))) {
                html += QStringLiteral("<li>") + inlineHtml(lines.at(i).trimmed().mid(2))
                    + QStringLiteral("</li>\n");
                ++i;
            }
            --i;
            html += QStringLiteral("</ul>\n");
            continue;
        }
        if (line.startsWith(QLatin1Char('|')) && i + 1 < lines.size() && isTableRule(lines.at(i + 1))) {
            flushParagraph();
            html += QStringLiteral("<table>\n<thead><tr>");
            for (const QString &cell : tableCells(line))
                html += QStringLiteral("<th>") + inlineHtml(cell) + QStringLiteral("</th>");
            html += QStringLiteral("</tr></thead>\n<tbody>\n");
            i += 2;
            while (i < lines.size() && lines.at(i).trimmed().startsWith(QLatin1Char('|'))) {
                html += QStringLiteral("<tr>");
                for (const QString &cell : tableCells(lines.at(i)))
                    html += QStringLiteral("<td>") + inlineHtml(cell) + QStringLiteral("</td>");
                html += QStringLiteral("</tr>\n");
                ++i;
            }
            --i;
            html += QStringLiteral("</tbody>\n</table>\n");
            continue;
        }
        paragraph.append(line);
    }
    flushParagraph();
    return html;
}

} // namespace thetool::report
