#include "tests/ui/uitestsupport.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QTextDocument>
#include <QUrl>

namespace thetool::test {

namespace {

// The one place the helpers below talk to a server: loopback `port` with `key`.
QString startAnalysisOn(
    quint16 port, const QString &key, const QJsonObject &body, const QByteArray &extraHeaders, QString *why)
{
    const auto response = requestOnPort(port, "POST", "/api/analysis/analyze",
        "X-API-Key: " + key.toUtf8() + "\r\n" + extraHeaders,
        QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (!response || (response->status != 200 && response->status != 201)) {
        if (why)
            *why = response ? QString::fromUtf8(response->body) : QStringLiteral("no answer");
        return {};
    }
    return QJsonDocument::fromJson(response->body).object().value(QLatin1String("job_id")).toString();
}

QJsonObject getJsonOn(quint16 port, const QString &key, const QByteArray &target)
{
    const auto response = requestOnPort(port, "GET", target, "X-API-Key: " + key.toUtf8() + "\r\n");
    return response ? QJsonDocument::fromJson(response->body).object() : QJsonObject();
}

} // namespace

ScreensServer::ScreensServer(Kind kind)
    : m_kind(kind)
{ }

ScreensServer::~ScreensServer() = default; // each kind stops its own server

void ScreensServer::setEnv(const QString &key, const QString &value)
{
    m_process.setEnv(key, value);
    m_env.insert(key, value);
}

void ScreensServer::setDataPath(const QString &path)
{
    m_dataPath = path;
    m_process.setEnv(QStringLiteral("DATA_PATH"), path);
}

bool ScreensServer::start()
{
    if (m_kind == Kind::Remote) {
        const bool started = m_process.start();
        m_error = started ? QString() : m_process.error();
        return started;
    }
    client::EmbeddedServer::Options options;
    options.program = qEnvironmentVariable("THETOOL_BIN");
    options.dataPath = m_dataPath.isEmpty() ? m_dataDir.path() : m_dataPath;
    options.extraEnvironment = m_env;
    m_embedded = std::make_unique<client::EmbeddedServer>(options);
    m_embedded->start();
    QElapsedTimer waited;
    waited.start();
    using State = client::EmbeddedServer::State;
    while (m_embedded->state() != State::Running && m_embedded->state() != State::Failed
        && waited.elapsed() < 30000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    if (m_embedded->state() != State::Running) {
        m_error = m_embedded->diagnostics();
        return false;
    }
    m_key = m_embedded->apiKey(); // kept: the supervisor forgets it once the server stops
    return true;
}

bool ScreensServer::terminate()
{
    if (m_kind == Kind::Remote)
        return m_process.terminate();
    m_embedded->stop();
    return m_embedded->state() == client::EmbeddedServer::State::Stopped;
}

quint16 ScreensServer::port() const
{
    return m_kind == Kind::Remote ? m_process.port() : m_embedded->port();
}

QString ScreensServer::key() const
{
    return m_kind == Kind::Remote ? m_process.masterKey() : m_key;
}

std::optional<RawClient::Response> ScreensServer::request(
    const QByteArray &method, const QByteArray &target, const QByteArray &headers, const QByteArray &body)
{
    return requestOnPort(port(), method, target, headers, body);
}

RemoteProfile::RemoteProfile(quint16 port, const QString &key)
    : ui::ClientOpsApi(client)
{
    client.setServer(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), key);
}

std::unique_ptr<RemoteProfile> remoteProfile(ServerProcess &server)
{
    return std::make_unique<RemoteProfile>(server.port(), server.masterKey());
}

std::unique_ptr<RemoteProfile> remoteProfile(ScreensServer &server)
{
    return std::make_unique<RemoteProfile>(server.port(), server.key());
}

QString startAnalysis(
    ServerProcess &server, const QJsonObject &body, const QByteArray &extraHeaders, QString *why)
{
    return startAnalysisOn(server.port(), server.masterKey(), body, extraHeaders, why);
}

QString startAnalysis(
    ScreensServer &server, const QJsonObject &body, const QByteArray &extraHeaders, QString *why)
{
    return startAnalysisOn(server.port(), server.key(), body, extraHeaders, why);
}

QJsonObject getJson(ServerProcess &server, const QByteArray &target)
{
    return getJsonOn(server.port(), server.masterKey(), target);
}

QJsonObject getJson(ScreensServer &server, const QByteArray &target)
{
    return getJsonOn(server.port(), server.key(), target);
}

QStringList elidedLabels(QWidget *root)
{
    QStringList problems;
    for (QLabel *label : root->findChildren<QLabel *>()) {
        if (!label->isVisibleTo(root) || label->text().isEmpty() || label->width() <= 0)
            continue;
        const QRect box = label->contentsRect().adjusted(
            label->margin(), label->margin(), -label->margin(), -label->margin());
        const bool rich = label->textFormat() == Qt::RichText
            || (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(label->text()));
        QString plain = label->text();
        if (rich) {
            QTextDocument doc;
            doc.setHtml(plain);
            plain = doc.toPlainText();
        }
        const QFontMetrics fm = label->fontMetrics();
        if (label->wordWrap()) {
            const int needed = label->heightForWidth(label->width());
            if (needed > label->height())
                problems << QStringLiteral("%1 '%2': needs %3 px high, has %4")
                                .arg(label->objectName(), plain.left(60))
                                .arg(needed)
                                .arg(label->height());
            continue;
        }
        int widest = 0;
        for (const QString &line : plain.split(QLatin1Char('\n')))
            widest = qMax(widest, fm.horizontalAdvance(line));
        if (widest > box.width())
            problems << QStringLiteral("%1 '%2': needs %3 px, has %4")
                            .arg(label->objectName(), plain.left(60))
                            .arg(widest)
                            .arg(box.width());
    }
    return problems;
}

} // namespace thetool::test
