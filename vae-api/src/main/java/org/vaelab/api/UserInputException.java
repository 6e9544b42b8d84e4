package org.vaelab.api;

/**
 * An error caused by the user's input (a config value, a missing or corrupt file) rather than a bug.
 *
 * <p>The command line prints only its message, which must say what is wrong and where (config path,
 * file, line), and exits with a non-zero status: no stack trace. Plugins throw it for any problem the
 * user can fix.
 */
public class UserInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and where, phrased for the user */
    public UserInputException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and where, phrased for the user
     * @param cause the underlying exception, kept for {@code --debug} output
     */
    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
