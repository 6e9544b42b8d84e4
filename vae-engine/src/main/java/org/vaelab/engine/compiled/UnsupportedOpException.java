package org.vaelab.engine.compiled;

/** An op the compiled engine cannot run; the run falls back to SameDiff's session and says which op. */
public final class UnsupportedOpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String opName;

    /**
     * @param opType the op's type, for example {@code while}
     * @param opName the op's name in the graph, which starts with its component's scope ({@code prior/...})
     * @param why why it cannot run
     */
    public UnsupportedOpException(String opType, String opName, String why) {
        super("op " + opType + " ('" + opName + "'): " + why);
        this.opName = opName;
    }

    /** @return the op's name in the graph */
    public String opName() {
        return opName;
    }
}
