#include "backend/report/jsonkeyorder.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace thetool::report {

namespace {

// A forward-only scanner over valid JSON text that skips values and reads keys.
class Scanner
{
public:
    explicit Scanner(const QByteArray &text)
        : m_text(text)
    { }

    void skipSpace()
    {
        while (m_pos < m_text.size()
            && (m_text[m_pos] == ' ' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r'
                || m_text[m_pos] == '\t'))
            ++m_pos;
    }

    char peek()
    {
        skipSpace();
        return m_pos < m_text.size() ? m_text[m_pos] : '\0';
    }

    bool consume(char c)
    {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }

    // A string token, decoded; the scanner stands on its opening quote.
    bool readString(QString &out)
    {
        if (peek() != '"')
            return false;
        const qsizetype start = m_pos++;
        while (m_pos < m_text.size() && m_text[m_pos] != '"')
            m_pos += m_text[m_pos] == '\\' ? 2 : 1;
        if (m_pos >= m_text.size())
            return false;
        ++m_pos;
        const QByteArray token = '[' + m_text.mid(start, m_pos - start) + ']';
        out = QJsonDocument::fromJson(token).array().at(0).toString();
        return true;
    }

    bool skipValue()
    {
        const char c = peek();
        if (c == '"') {
            QString ignored;
            return readString(ignored);
        }
        if (c == '{' || c == '[') {
            const char close = c == '{' ? '}' : ']';
            ++m_pos;
            if (consume(close))
                return true;
            do {
                if (c == '{') {
                    QString key;
                    if (!readString(key) || !consume(':'))
                        return false;
                }
                if (!skipValue())
                    return false;
            } while (consume(','));
            return consume(close);
        }
        while (m_pos < m_text.size() && QByteArrayView(",}] \n\r\t").indexOf(m_text[m_pos]) < 0)
            ++m_pos;
        return true;
    }

private:
    const QByteArray &m_text;
    qsizetype m_pos = 0;
};

} // namespace

QStringList objectKeysInOrder(const QByteArray &json, const QString &member)
{
    Scanner s(json);
    if (!s.consume('{') || s.consume('}'))
        return {};
    do {
        QString key;
        if (!s.readString(key) || !s.consume(':'))
            return {};
        if (key == member && s.peek() == '{') {
            QStringList keys;
            s.consume('{');
            if (s.consume('}'))
                return keys;
            do {
                QString inner;
                if (!s.readString(inner) || !s.consume(':') || !s.skipValue())
                    return {};
                keys << inner;
            } while (s.consume(','));
            return keys;
        }
        if (!s.skipValue())
            return {};
    } while (s.consume(','));
    return {};
}

} // namespace thetool::report
