package org.vaelab.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoErrorsTest {

    @TempDir
    Path tmp;

    @Test
    void reasonsAreWordsNotJustThePath() {
        assertThat(IoErrors.describe(new AccessDeniedException("/runs"))).isEqualTo("permission denied");
        assertThat(IoErrors.describe(new NoSuchFileException("/runs/x"))).isEqualTo("no such file or directory");
        assertThat(IoErrors.describe(new FileAlreadyExistsException("/runs"))).isEqualTo("already exists");
        assertThat(IoErrors.describe(new NotDirectoryException("/runs"))).isEqualTo("not a directory");
        assertThat(IoErrors.describe(new MalformedInputException(1))).isEqualTo("not valid UTF-8 text");
        assertThat(IoErrors.describe(new IOException("Is a directory"))).isEqualTo("is a directory");
    }

    @Test
    void theOperatingSystemsReasonIsKept() {
        assertThat(IoErrors.describe(new FileSystemException("/mnt/ro/runs", null, "Read-only file system")))
                .isEqualTo("read-only file system");
        assertThat(IoErrors.describe(new FileSystemException("/full/runs", null, "No space left on device")))
                .isEqualTo("no space left on device");
        assertThat(IoErrors.describeWithFile(new FileSystemException("/full/runs/x", null, "No space left on device")))
                .isEqualTo("no space left on device: /full/runs/x");
        assertThat(IoErrors.describeWithFile(new AccessDeniedException("/runs"))).isEqualTo("permission denied: /runs");
    }

    @Test
    void findsTheFileWhereADirectoryShouldBe() throws IOException {
        Path file = Files.writeString(tmp.resolve("runs"), "not a directory");
        assertThat(IoErrors.fileInTheWay(file.resolve("a/b"))).isEqualTo(file);
        assertThat(IoErrors.fileInTheWay(file)).isEqualTo(file);
        assertThat(IoErrors.fileInTheWay(tmp.resolve("fresh/a"))).isNull();
    }
}
