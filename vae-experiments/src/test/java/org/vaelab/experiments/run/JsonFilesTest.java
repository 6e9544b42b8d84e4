package org.vaelab.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.TestFixtures;

class JsonFilesTest {

    @TempDir
    Path tmp;

    private final ObjectMapper json = TestFixtures.framework().json();

    @Test
    void readsAWholeFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("summary.json"), "{\"epochs\": 3, \"test\": {\"negElbo\": 91.5}}\n");
        assertThat(JsonFiles.read(json, file).path("test").path("negElbo").asDouble()).isEqualTo(91.5);
    }

    @Test
    void aTruncatedFileNamesTheFileAndTheLineAndSaysItMayBeCutShort() throws Exception {
        String whole = "{\n  \"epochs\" : 3,\n  \"test\" : {\n    \"negElbo\" : 91.5\n  }\n}\n";
        Path file = Files.writeString(tmp.resolve("summary.json"), whole.substring(0, whole.indexOf("91.5")));
        assertThatThrownBy(() -> JsonFiles.read(json, file))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith(file + " is not valid JSON (line 4, column ")
                .hasMessageContaining("end-of-input")
                .hasMessageEndingWith("; it may have been cut short by a crash")
                .hasMessageNotContaining("[Source:")
                .hasMessageNotContaining("REDACTED");
    }

    @Test
    void anUnclosedObjectGivesItsStartAsALineNotAsJacksonsSourceText() throws Exception {
        Path file = Files.writeString(tmp.resolve("state.json"), "{\"epoch\": 2,\n \"step\": 7");
        assertThatThrownBy(() -> JsonFiles.read(json, file))
                .hasMessageContaining("state.json is not valid JSON (line 2")
                .hasMessageContaining("start marker at line 1, column 1")
                .hasMessageNotContaining("[Source:");
    }

    @Test
    void emptyMissingAndUnreadableFilesSaySo() throws Exception {
        Path empty = Files.writeString(tmp.resolve("provenance.json"), "");
        assertThatThrownBy(() -> JsonFiles.read(json, empty))
                .hasMessage(empty + " is empty; it may have been cut short by a crash");
        Path missing = tmp.resolve("config.json");
        assertThatThrownBy(() -> JsonFiles.read(json, missing))
                .isInstanceOf(UserInputException.class)
                .hasMessage("cannot read " + missing + ": no such file or directory");
        Path folder = Files.createDirectory(tmp.resolve("summary.json"));
        assertThatThrownBy(() -> JsonFiles.read(json, folder))
                .hasMessage("cannot read " + folder + ": is a directory");
    }

    @org.junit.jupiter.api.Test
    void atomicallyWrittenFilesAreReadableByOthersAsPlainFilesAre(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("summary.json");
        AtomicFiles.writeString(file, "{}");
        org.assertj.core.api.Assertions.assertThat(java.nio.file.Files.getPosixFilePermissions(file))
                .contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ,
                        java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
    }
}
