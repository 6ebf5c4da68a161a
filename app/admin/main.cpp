// baton-admin: the desktop admin app of batond.
//   baton-admin [--tray] [--socket PATH | --bus session|system]
#include "ConnectionManager.h"
#include "Icons.h"
#include "MainWindow.h"
#include "ScreenshotTour.h"
#include "Translations.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSettings>

#include <cstdio>

using namespace baton;

namespace {

// The translation context of the strings before any window exists.
struct CommandLine {
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
};

void fail(const QString &message)
{
    std::fprintf(stderr, "baton-admin: %s\n", qPrintable(message));
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("baton"));
    QApplication::setApplicationName(QStringLiteral("baton-admin"));
    QApplication::setApplicationVersion(QStringLiteral(BATON_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.baton.Admin"));
    translations::install(translations::resolve(QSettings().value(QStringLiteral("language")).toString()));
    QApplication::setApplicationDisplayName(CommandLine::tr("Baton Admin"));
    QApplication::setWindowIcon(icons::app());

    QCommandLineParser parser;
    parser.setApplicationDescription(CommandLine::tr("Watch and reload the services run by batond."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption tray(QStringLiteral("tray"), CommandLine::tr("Start hidden in the system tray."));
    const QCommandLineOption socket(QStringLiteral("socket"),
                                    CommandLine::tr("Connect to batond's control socket at <path>."), CommandLine::tr("path"));
    const QCommandLineOption bus(QStringLiteral("bus"),
                                 CommandLine::tr("Connect to batond on the D-Bus <bus>: session or system."), CommandLine::tr("bus"));
    parser.addOptions({tray, socket, bus});
    parser.process(app);

    ConnectionProfile profile;
    if (parser.isSet(socket) && parser.isSet(bus)) {
        fail(CommandLine::tr("--socket and --bus cannot be used together"));
        return 2;
    }
    if (parser.isSet(socket)) {
        profile.kind = ConnectionProfile::Kind::Socket;
        profile.socketPath = parser.value(socket);
    } else if (parser.isSet(bus)) {
        const QString which = parser.value(bus);
        if (which != QLatin1String("session") && which != QLatin1String("system")) {
            fail(CommandLine::tr("--bus takes \"session\" or \"system\", not \"%1\"").arg(which));
            return 2;
        }
        profile.kind = which == QLatin1String("session") ? ConnectionProfile::Kind::SessionBus : ConnectionProfile::Kind::SystemBus;
    }
    // Without options: the local daemon (session bus, system bus, default
    // socket). Saved profiles are one click away in the connection dialog.

    // The tray keeps the app alive with the window closed; MainWindow quits explicitly.
    QApplication::setQuitOnLastWindowClosed(false);
    ConnectionManager connection;
    MainWindow window(&connection);
    window.restoreSettings();
    if (parser.isSet(tray) && TrayIcon::isAvailable()) {
        // Stay hidden: the tray icon is the app.
    } else {
        if (parser.isSet(tray))
            fail(CommandLine::tr("this desktop has no system tray; showing the window"));
        window.show();
    }
    connection.setProfile(profile);

    // scripts/screenshots.sh: grab the pages to PNG files, then quit.
    const QString screenshots = qEnvironmentVariable("BATON_ADMIN_SCREENSHOT_DIR");
    if (!screenshots.isEmpty())
        (new ScreenshotTour(&window, screenshots, &window))->start();
    return app.exec();
}
