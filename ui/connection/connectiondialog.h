#pragma once

#include <QDialog>
#include <QUrl>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace thetool::client {
class ApiClient;
struct HealthInfo;
class ConnectionManager;
class EmbeddedServer;
class ProfileStore;
class SecretStore;
} // namespace thetool::client

namespace thetool::ui {

// Connection profiles: add, edit, remove, "Test connection" (health, latency and whether the
// key is accepted) and "Connect". Warns about plain http:// to another machine and says where
// keys are kept.
class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectionDialog(client::ProfileStore &profiles, client::SecretStore &secrets,
        client::ConnectionManager &connections, client::EmbeddedServer &embedded, QWidget *parent = nullptr);

    // For tests and for the composition root: what the form shows.
    QString selectedProfile() const;
    void selectProfile(const QString &name);
    void setForm(const QString &name, const QString &url, const QString &key);
    bool insecureWarningVisible() const;
    QString resultText() const;
    QString secretStoreText() const;

public Q_SLOTS:
    void newProfile();
    bool saveProfile();
    void removeProfile();
    void testConnection();
    void connectToSelected();

Q_SIGNALS:
    void testFinished(); // the "Test connection" result is shown

private:
    void reload(const QString &select);
    void showSelected();
    void updateWarning();
    void checkKey(const QString &healthText);
    void showResult(const QString &text, bool good);

    client::ProfileStore &m_profiles;
    client::SecretStore &m_secrets;
    client::ConnectionManager &m_connections;
    client::EmbeddedServer &m_embedded;

    QListWidget *m_list = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_key = nullptr;
    QLabel *m_warning = nullptr;
    QLabel *m_storeLabel = nullptr;
    QLabel *m_result = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_test = nullptr;
    client::ApiClient *m_api = nullptr; // the console's one client, for "Test connection"
    QString m_editing; // the stored profile the form edits; empty for a new one
};

} // namespace thetool::ui
