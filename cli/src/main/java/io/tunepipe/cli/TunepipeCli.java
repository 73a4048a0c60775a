package io.tunepipe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tunepipe} command line: one command runs the whole pipeline; the others drive a running one. */
@Command(name = "tunepipe", mixinStandardHelpOptions = true, version = "tunepipe 0.1.0",
        description = "Takes question/answer data to a fine-tuned model and a measured verdict.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, SubmitCommand.class,
                WatchCommand.class, JobsCommand.class, ReportCommand.class, TokenCommand.class, DoctorCommand.class,
                DlqCommand.class, ComposeCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the pipeline failed, or the model was held rather than promoted (for up: "
                + "the sample reached no verdict; for doctor: a problem was found)",
                "2:bad command line", "3:tunepipe is not running or a service is unavailable"})
public final class TunepipeCli {

    public static final int FAILED = 1;
    public static final int UNAVAILABLE = 3;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TunepipeCli()).execute(args));
    }
}
