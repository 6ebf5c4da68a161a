// batond: the Baton master. Parses the command line, detaches when asked,
// takes the per-config lock and runs the Supervisor in a Qt event loop.
#include "CheckCommand.h"
#include "ControlPlane.h"
#include "SignalWatcher.h"
#include "StartupGuard.h"
#include "Supervisor.h"
#include "Upgrader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include <csignal>
#include <cstdio>

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "batond: %s\n", qPrintable(message));
    baton::Daemonizer::reportStarted(false);
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    // Before any thread exists, so no thread ever takes these signals itself.
    baton::SignalWatcher::block({SIGHUP, SIGTERM, SIGINT, SIGCHLD, SIGUSR2});
    std::signal(SIGPIPE, SIG_IGN);

    // Qt's own event dispatcher rather than GLib's: batond has no GLib
    // sources to serve, and GLib's main context is code and pages an idle
    // master need not touch (bench/analysis.md). Read while the application
    // is constructed; not handed on to workers unless the operator set it.
    const bool noGlibWasSet = qEnvironmentVariableIsSet("QT_NO_GLIB");
    if (!noGlibWasSet)
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    if (!noGlibWasSet)
        qunsetenv("QT_NO_GLIB");
    QCoreApplication::setApplicationName(QStringLiteral("batond"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BATON_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Baton master: holds listeners and hands them to worker generations.\n"
                                                    "Signals: SIGHUP reloads, SIGTERM/SIGINT drain and stop, SIGUSR2 upgrades in place."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption config(QStringList{QStringLiteral("c"), QStringLiteral("config")},
                                    QStringLiteral("Run with configuration FILE."), QStringLiteral("FILE"));
    const QCommandLineOption check(QStringList{QStringLiteral("t"), QStringLiteral("check")},
                                   QStringLiteral("Validate FILE, print diagnostics, exit 0 if valid, 1 if not."),
                                   QStringLiteral("FILE"));
    const QCommandLineOption daemonize(QStringLiteral("daemonize"),
                                       QStringLiteral("Run in the background; return once serving, exit code = start-up outcome."));
    const QCommandLineOption pidFile(QStringLiteral("pid-file"), QStringLiteral("Write the master's PID to FILE."), QStringLiteral("FILE"));
    // Upgrade in place (Upgrader.cpp): the preflight a running batond asks of
    // a new binary, and how it then re-executes it. Not for people to type.
    QCommandLineOption checkUpgrade(QStringLiteral("check-upgrade"), QStringLiteral("Preflight: can this binary adopt the state in FD?"),
                                    QStringLiteral("FD"));
    QCommandLineOption upgradeFrom(QStringLiteral("upgrade-from"), QStringLiteral("Adopt the state in FD (batond re-executing itself)."),
                                   QStringLiteral("FD"));
    checkUpgrade.setFlags(QCommandLineOption::HiddenFromHelp);
    upgradeFrom.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({config, check, daemonize, pidFile, checkUpgrade, upgradeFrom});
    // parse() rather than process(): usage errors exit 2 (process() exits 1,
    // which would read as "start-up failed").
    if (!parser.parse(app.arguments())) {
        std::fprintf(stderr, "batond: %s (see --help)\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "batond: unexpected argument \"%s\" (see --help)\n", qPrintable(parser.positionalArguments().first()));
        return 2;
    }

    // Bare command names also resolve next to batond, where the bundled worker lives.
    const QStringList searchDirs{QCoreApplication::applicationDirPath()};
    QTextStream out(stdout), err(stderr);
    if (parser.isSet(check))
        return baton::runCheck(parser.value(check), searchDirs, out, err);
    if (parser.isSet(checkUpgrade))
        return baton::Upgrader::runPreflight(parser.value(checkUpgrade).toInt(), searchDirs, out, err);
    if (!parser.isSet(config)) {
        err << "batond: missing --config FILE (or --check FILE); see --help\n";
        return 2;
    }
    const QString configPath = QFileInfo(parser.value(config)).absoluteFilePath();
    if (!QFileInfo::exists(configPath))
        return fail(QStringLiteral("%1: no such file").arg(configPath));

    QString error;
    std::optional<baton::upgrade::State> carried;
    if (parser.isSet(upgradeFrom)) {
        // The previous image exec'ed us: its preflight accepted this state,
        // so failing here is a bug; the workers then get their parent-death signal.
        carried = baton::Upgrader::readState(parser.value(upgradeFrom).toInt(), &error);
        if (!carried)
            return fail(QStringLiteral("upgrade in place: %1").arg(error));
        baton::Upgrader::closeOnExecAgain(*carried);
    }
    if (!carried && parser.isSet(daemonize) && !baton::Daemonizer::detach(&error))
        return fail(error);
    baton::ConfigLock lock;
    if (carried)
        lock.adopt(baton::UniqueFd(carried->lockFd), carried->lockPath);
    else if (!lock.acquire(configPath, &error))
        return fail(error);

    baton::Supervisor supervisor(configPath, searchDirs);
    const QString pidPath = parser.isSet(pidFile) ? QFileInfo(parser.value(pidFile)).absoluteFilePath() : QString();
    int exitCode = 0;
    QObject::connect(&supervisor, &baton::Supervisor::started, [&] {
        if (!pidPath.isEmpty() && !baton::writePidFile(pidPath, &error))
            std::fprintf(stderr, "batond: %s\n", qPrintable(error));
        baton::Daemonizer::reportStarted(true);
    });
    QObject::connect(&supervisor, &baton::Supervisor::startFailed, [&](const QString &reason) {
        std::fprintf(stderr, "batond: start-up failed: %s\n", qPrintable(reason));
        baton::Daemonizer::reportStarted(false);
        exitCode = 1;
        supervisor.stop();
    });
    QObject::connect(&supervisor, &baton::Supervisor::finished, [&](int code) {
        app.exit(exitCode ? exitCode : code);
    });
    baton::ControlPlane control(supervisor, lock, pidPath);
    if (carried) {
        if (!supervisor.adopt(*carried, &error) || !control.adopt(*carried, &error))
            return fail(QStringLiteral("upgrade in place: %1").arg(error));
    } else {
        if (!supervisor.start(&error))
            return fail(QStringLiteral("start-up failed: %1").arg(error));
        if (!control.start(&error))
            return fail(QStringLiteral("start-up failed: %1").arg(error));
    }
    const int code = app.exec();
    if (!pidPath.isEmpty())
        QFile::remove(pidPath);
    return code;
}
