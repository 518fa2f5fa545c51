#include "ui/connection/connectiondialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "client/api/apiclient.h"
#include "client/healthinfo.h"
#include "client/local/connectionmanager.h"
#include "client/local/connectionprofile.h"
#include "client/local/embeddedserver.h"
#include "client/local/profilestore.h"
#include "client/local/secretstore.h"

namespace thetool::ui {

using client::ConnectionProfile;

namespace {

constexpr int testTimeoutMs = 10000;

} // namespace

ConnectionDialog::ConnectionDialog(client::ProfileStore &profiles, client::SecretStore &secrets,
    client::ConnectionManager &connections, client::EmbeddedServer &embedded, QWidget *parent)
    : QDialog(parent)
    , m_profiles(profiles)
    , m_secrets(secrets)
    , m_connections(connections)
    , m_embedded(embedded)
{
    setWindowTitle(tr("Connections"));
    m_list = new QListWidget(this);
    m_name = new QLineEdit(this);
    m_url = new QLineEdit(this);
    m_url->setPlaceholderText(QStringLiteral("https://thetool.example.com"));
    m_key = new QLineEdit(this);
    m_key->setEchoMode(QLineEdit::Password);
    m_warning = new QLabel(tr("Plain http:// to another machine: the API key and all data cross the network "
                              "unencrypted. Use https:// unless this network is yours alone."),
        this);
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_storeLabel = new QLabel(tr("API keys are kept in %1.").arg(m_secrets.backendDescription()), this);
    m_storeLabel->setWordWrap(true);
    m_result = new QLabel(this);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Address"), m_url);
    form->addRow(tr("API key"), m_key);

    auto *newButton = new QPushButton(tr("New"), this);
    m_save = new QPushButton(tr("Save"), this);
    m_remove = new QPushButton(tr("Remove"), this);
    m_test = new QPushButton(tr("Test connection"), this);
    auto *row = new QHBoxLayout;
    for (QPushButton *button : {newButton, m_save, m_remove, m_test})
        row->addWidget(button);
    row->addStretch();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *connectButton = buttons->addButton(tr("Connect"), QDialogButtonBox::AcceptRole);

    auto *right = new QVBoxLayout;
    right->addLayout(form);
    right->addWidget(m_warning);
    right->addLayout(row);
    right->addWidget(m_result);
    right->addStretch();
    right->addWidget(m_storeLabel);
    auto *columns = new QHBoxLayout;
    columns->addWidget(m_list, 1);
    columns->addLayout(right, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(buttons);

    connect(m_list, &QListWidget::currentRowChanged, this, &ConnectionDialog::showSelected);
    connect(m_url, &QLineEdit::textChanged, this, &ConnectionDialog::updateWarning);
    connect(newButton, &QPushButton::clicked, this, &ConnectionDialog::newProfile);
    connect(m_save, &QPushButton::clicked, this, &ConnectionDialog::saveProfile);
    connect(m_remove, &QPushButton::clicked, this, &ConnectionDialog::removeProfile);
    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(connectButton, &QPushButton::clicked, this, &ConnectionDialog::connectToSelected);

    const QString current = m_connections.current().profileName;
    reload(m_profiles.find(current) ? current : m_profiles.lastProfile());
}

QString ConnectionDialog::selectedProfile() const
{
    return m_list->currentItem() ? m_list->currentItem()->text() : QString();
}

void ConnectionDialog::selectProfile(const QString &name)
{
    const QList<QListWidgetItem *> items = m_list->findItems(name, Qt::MatchExactly);
    if (!items.isEmpty())
        m_list->setCurrentItem(items.first());
}

void ConnectionDialog::setForm(const QString &name, const QString &url, const QString &key)
{
    m_name->setText(name);
    m_url->setText(url);
    m_key->setText(key);
}

bool ConnectionDialog::insecureWarningVisible() const
{
    return !m_warning->isHidden();
}

QString ConnectionDialog::resultText() const
{
    return m_result->text();
}

QString ConnectionDialog::secretStoreText() const
{
    return m_storeLabel->text();
}

void ConnectionDialog::reload(const QString &select)
{
    m_list->clear();
    for (const ConnectionProfile &profile : m_profiles.profiles())
        m_list->addItem(profile.name);
    selectProfile(select);
    if (!m_list->currentItem())
        m_list->setCurrentRow(0);
}

void ConnectionDialog::showSelected()
{
    const std::optional<ConnectionProfile> profile = m_profiles.find(selectedProfile());
    if (!profile)
        return;
    m_editing = profile->name;
    const bool embedded = profile->embedded;
    m_name->setText(profile->name);
    m_url->setText(embedded ? m_embedded.url().toString() : profile->url.toString());
    m_url->setPlaceholderText(
        embedded ? tr("chosen when the local server starts") : QStringLiteral("https://thetool.example.com"));
    m_key->clear();
    m_key->setPlaceholderText(embedded ? tr("a new one at every start") : tr("unchanged"));
    for (QLineEdit *edit : {m_name, m_url, m_key})
        edit->setReadOnly(embedded);
    m_save->setEnabled(!embedded);
    m_remove->setEnabled(!embedded);
    m_result->clear();
    updateWarning();
}

void ConnectionDialog::newProfile()
{
    m_list->clearSelection();
    m_editing.clear();
    for (QLineEdit *edit : {m_name, m_url, m_key}) {
        edit->clear();
        edit->setReadOnly(false);
    }
    m_key->setPlaceholderText(tr("the key the server's administrator gave you"));
    m_save->setEnabled(true);
    m_remove->setEnabled(false);
    m_result->clear();
    m_name->setFocus();
    updateWarning();
}

bool ConnectionDialog::saveProfile()
{
    const ConnectionProfile profile {m_name->text(), QUrl(m_url->text().trimmed()), false};
    const client::LocalError error = m_editing.isEmpty()
        ? m_profiles.add(profile, m_key->text())
        : m_profiles.update(m_editing, profile,
            m_key->text().isEmpty() ? std::nullopt : std::optional<QString>(m_key->text()));
    if (error) {
        showResult(error.message, false);
        return false;
    }
    reload(profile.name);
    showResult(tr("Saved."), true);
    return true;
}

void ConnectionDialog::removeProfile()
{
    if (const client::LocalError error = m_profiles.remove(selectedProfile())) {
        showResult(error.message, false);
        return;
    }
    reload(ConnectionProfile::embeddedName());
}

void ConnectionDialog::testConnection()
{
    QUrl url;
    QString key;
    const std::optional<ConnectionProfile> stored = m_profiles.find(m_editing);
    if (stored && stored->embedded) {
        url = m_embedded.url();
        key = m_embedded.apiKey();
        if (url.isEmpty()) {
            showResult(tr("The local server is not running."), false);
            return;
        }
    } else {
        url = QUrl(m_url->text().trimmed());
        if (const QString problem = ConnectionProfile::urlProblem(url); !problem.isEmpty()) {
            showResult(problem, false);
            return;
        }
        key = m_key->text();
        if (key.isEmpty() && stored)
            key = m_profiles.key(stored->name);
    }
    delete m_api;
    m_api = new client::ApiClient(this);
    m_api->setServer(url, key);
    m_api->setDefaultTimeout(testTimeoutMs);
    m_test->setEnabled(false);
    showResult(tr("Testing %1…").arg(url.toString(QUrl::RemoveUserInfo)), true);
    m_api->health(this, [this](const client::ApiResult<client::HealthInfo> &result) {
        if (!result) {
            m_test->setEnabled(true);
            showResult(result.error().toString(), false);
            Q_EMIT testFinished();
            return;
        }
        const client::HealthInfo &health = result.value();
        QString text = tr("Reached in %1 ms: HTTP %2").arg(result.elapsedMs()).arg(health.httpStatus);
        if (!health.status.isEmpty())
            text += tr(", status %1").arg(health.status);
        if (!health.version.isEmpty())
            text += tr(", version %1").arg(health.version);
        if (!health.database.isEmpty())
            text += tr(", database %1").arg(health.database);
        if (!m_api->hasApiKey()) {
            m_test->setEnabled(true);
            showResult(text + tr(". No API key to check."), health.isHealthy());
            Q_EMIT testFinished();
            return;
        }
        checkKey(text);
    });
}

void ConnectionDialog::checkKey(const QString &healthText)
{
    // /health is public: one authenticated read says whether the key is accepted.
    m_api->workers(this, [this, healthText](const client::ApiResult<client::WorkerList> &result) {
        m_test->setEnabled(true);
        if (result)
            showResult(healthText + tr(". The API key is accepted."), true);
        else if (result.error().kind == client::ApiClientError::Kind::Unauthorised
            || result.error().kind == client::ApiClientError::Kind::Forbidden)
            showResult(
                healthText + tr(". The API key was refused: %1").arg(result.error().toString()), false);
        else
            showResult(
                healthText + tr(". Checking the key failed: %1").arg(result.error().toString()), false);
        Q_EMIT testFinished();
    });
}

void ConnectionDialog::showResult(const QString &text, bool good)
{
    m_result->setText(text);
    m_result->setStyleSheet(good ? QString() : QStringLiteral("color: #b00020;"));
}

void ConnectionDialog::connectToSelected()
{
    const QString name = m_editing.isEmpty() ? m_name->text() : m_editing;
    if (m_editing.isEmpty() && !saveProfile())
        return;
    if (const client::LocalError error = m_connections.activate(name)) {
        showResult(error.message, false);
        return;
    }
    accept();
}

void ConnectionDialog::updateWarning()
{
    const ConnectionProfile profile {m_name->text(), QUrl(m_url->text().trimmed()), false};
    const std::optional<ConnectionProfile> stored = m_profiles.find(m_editing);
    m_warning->setVisible(!(stored && stored->embedded) && profile.isInsecureRemote());
}

} // namespace thetool::ui
