#include "backend/db/sqlsplitter.h"

namespace thetool::db {

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

// Scans one statement's worth of text; positions are indexes into `sql`.
class Scanner
{
public:
    explicit Scanner(const QString &sql)
        : m_sql(sql)
    { }

    QStringList run(QString *error)
    {
        const qsizetype n = m_sql.size();
        qsizetype i = 0;
        while (i < n) {
            const QChar c = m_sql.at(i);
            const QChar next = i + 1 < n ? m_sql.at(i + 1) : QChar();
            if (c == QLatin1Char('-') && next == QLatin1Char('-')) {
                i = skipLineComment(i);
            } else if (c == QLatin1Char('/') && next == QLatin1Char('*')) {
                i = skipBlockComment(i, error);
            } else if (c == QLatin1Char('\'')) {
                const bool escapes = i > 0
                    && (m_sql.at(i - 1) == QLatin1Char('E') || m_sql.at(i - 1) == QLatin1Char('e'))
                    && (i < 2 || !isWordChar(m_sql.at(i - 2)));
                i = skipQuoted(i, QLatin1Char('\''), escapes, error);
                m_significant = true;
            } else if (c == QLatin1Char('"')) {
                i = skipQuoted(i, QLatin1Char('"'), false, error);
                m_significant = true;
            } else if (c == QLatin1Char('$') && (i == 0 || !isWordChar(m_sql.at(i - 1)))) {
                i = skipDollar(i, error);
                m_significant = true;
            } else if (c == QLatin1Char(';')) {
                if (m_depth > 0) {
                    ++i;
                } else {
                    finish(i);
                    i = m_start = i + 1;
                }
            } else if (c.isLetter() || c == QLatin1Char('_')) {
                qsizetype end = i;
                while (end < n && isWordChar(m_sql.at(end)))
                    ++end;
                word(m_sql.mid(i, end - i).toUpper());
                i = end;
            } else {
                if (!c.isSpace())
                    m_significant = true;
                ++i;
            }
        }
        if (m_depth > 0 && error && error->isEmpty())
            *error = QStringLiteral("unterminated BEGIN ... END body");
        finish(n);
        return m_statements;
    }

private:
    void word(const QString &upper)
    {
        m_significant = true;
        if (m_words.size() < 6)
            m_words.append(upper);
        if (!isRoutine())
            return;
        if (upper == QLatin1String("BEGIN") || upper == QLatin1String("CASE"))
            ++m_depth;
        else if (upper == QLatin1String("END") && m_depth > 0)
            --m_depth;
    }

    // CREATE [OR REPLACE] [TEMP|TEMPORARY] [CONSTRAINT] TRIGGER|FUNCTION|PROCEDURE
    bool isRoutine() const
    {
        if (m_words.value(0) != QLatin1String("CREATE"))
            return false;
        for (qsizetype k = 1; k < m_words.size(); ++k) {
            const QString &w = m_words.at(k);
            if (w == QLatin1String("TRIGGER") || w == QLatin1String("FUNCTION")
                || w == QLatin1String("PROCEDURE"))
                return true;
            if (w != QLatin1String("OR") && w != QLatin1String("REPLACE") && w != QLatin1String("TEMP")
                && w != QLatin1String("TEMPORARY") && w != QLatin1String("CONSTRAINT"))
                return false;
        }
        return false;
    }

    void finish(qsizetype end)
    {
        if (m_significant) {
            const QString statement = m_sql.mid(m_start, end - m_start).trimmed();
            if (!statement.isEmpty())
                m_statements.append(statement);
        }
        m_significant = false;
        m_words.clear();
        m_depth = 0;
    }

    qsizetype skipLineComment(qsizetype i) const
    {
        const qsizetype end = m_sql.indexOf(QLatin1Char('\n'), i);
        return end < 0 ? m_sql.size() : end + 1;
    }

    qsizetype skipBlockComment(qsizetype i, QString *error) const
    {
        int nesting = 0;
        const qsizetype n = m_sql.size();
        while (i < n) {
            if (m_sql.at(i) == QLatin1Char('/') && i + 1 < n && m_sql.at(i + 1) == QLatin1Char('*')) {
                ++nesting;
                i += 2;
            } else if (m_sql.at(i) == QLatin1Char('*') && i + 1 < n && m_sql.at(i + 1) == QLatin1Char('/')) {
                i += 2;
                if (--nesting == 0)
                    return i;
            } else {
                ++i;
            }
        }
        if (error && error->isEmpty())
            *error = QStringLiteral("unterminated /* comment");
        return n;
    }

    qsizetype skipQuoted(qsizetype i, QChar quote, bool backslashEscapes, QString *error) const
    {
        const qsizetype n = m_sql.size();
        ++i;
        while (i < n) {
            const QChar c = m_sql.at(i);
            if (backslashEscapes && c == QLatin1Char('\\')) {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && m_sql.at(i + 1) == quote)
                    i += 2; // doubled quote
                else
                    return i + 1;
            } else {
                ++i;
            }
        }
        if (error && error->isEmpty())
            *error = QStringLiteral("unterminated ") + quote + QStringLiteral(" quote");
        return n;
    }

    // $tag$ ... $tag$ with an optional identifier tag; `$1` is a parameter, not a quote.
    qsizetype skipDollar(qsizetype i, QString *error) const
    {
        const qsizetype n = m_sql.size();
        qsizetype j = i + 1;
        if (j < n && m_sql.at(j).isDigit())
            return j;
        while (j < n && isWordChar(m_sql.at(j)))
            ++j;
        if (j >= n || m_sql.at(j) != QLatin1Char('$'))
            return i + 1; // a lone '$' inside an identifier-like context
        const QString tag = m_sql.mid(i, j - i + 1);
        const qsizetype close = m_sql.indexOf(tag, j + 1);
        if (close < 0) {
            if (error && error->isEmpty())
                *error = QStringLiteral("unterminated ") + tag + QStringLiteral(" body");
            return n;
        }
        return close + tag.size();
    }

    const QString &m_sql;
    QStringList m_statements;
    QStringList m_words;
    qsizetype m_start = 0;
    int m_depth = 0;
    bool m_significant = false;
};

} // namespace

QStringList SqlSplitter::split(const QString &sql, QString *error)
{
    if (error)
        error->clear();
    return Scanner(sql).run(error);
}

} // namespace thetool::db
