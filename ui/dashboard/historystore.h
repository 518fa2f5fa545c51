#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace thetool::ui {

// The dashboard's history: one sample per poll, kept in a local SQLite file as a ring of
// the newest `capacity` samples per profile, so the charts survive a restart. Uses its
// own connection name on the GUI thread; never the server's database.
class HistoryStore
{
public:
    struct Sample {
        qint64 timeMs = 0; // UTC, ms since the epoch
        double responseMs = 0;
        std::optional<double> hitRate; // fraction; absent when the server has no cache stats
        std::optional<qint64> queueDepth;
    };

    HistoryStore(const QString &filePath, const QString &profile, int capacity = 2880);
    ~HistoryStore();
    HistoryStore(const HistoryStore &) = delete;
    HistoryStore &operator=(const HistoryStore &) = delete;

    bool isOpen() const { return m_open; }
    QString error() const { return m_error; }
    void append(const Sample &sample);
    QList<Sample> samples() const; // oldest first
    // The default file: the user's data folder, beside the console's settings.
    static QString defaultPath();

private:
    QString m_connection;
    QString m_profile;
    int m_capacity;
    bool m_open = false;
    QString m_error;
};

} // namespace thetool::ui
