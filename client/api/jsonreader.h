#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace thetool::client {

// Reads a DTO's fields from a JSON object and remembers the first required field that was
// missing or of the wrong type, so a DTO parser reads straight down and checks ok() once.
// Optional fields that are absent or null read as empty / 0 / nullopt.
class JsonReader
{
public:
    explicit JsonReader(const QJsonObject &object, QString context = {})
        : m_object(object)
        , m_context(std::move(context))
    { }

    bool has(const QString &key) const { return m_object.contains(key) && !m_object.value(key).isNull(); }
    QString string(const QString &key) const;
    QString requiredString(const QString &key);
    qint64 integer(const QString &key, qint64 fallback = 0) const;
    qint64 requiredInteger(const QString &key);
    double number(const QString &key, double fallback = 0.0) const;
    std::optional<double> optionalNumber(const QString &key) const;
    bool boolean(const QString &key, bool fallback = false) const;
    QStringList stringList(const QString &key) const;
    QJsonObject object(const QString &key) const { return m_object.value(key).toObject(); }
    QJsonArray array(const QString &key) const { return m_object.value(key).toArray(); }
    QJsonArray requiredArray(const QString &key);
    // ISO 8601 (with or without milliseconds), RFC 1123 ("Sat, 31 Jan 2026 09:15:00 GMT")
    // or Python's str(datetime); invalid when absent or unreadable. Always UTC.
    QDateTime time(const QString &key) const;

    bool ok() const { return m_error.isEmpty(); }
    // "job detail: missing field 'job_id'"
    QString error() const { return m_error; }
    void fail(const QString &message);

    static QDateTime parseTime(const QString &text);

private:
    QJsonObject m_object;
    QString m_context;
    QString m_error;
};

} // namespace thetool::client
