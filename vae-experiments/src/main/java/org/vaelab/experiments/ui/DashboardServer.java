package org.vaelab.experiments.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vaelab.api.UserInputException;
import org.vaelab.experiments.compare.RunComparison;
import org.vaelab.experiments.table.AblationTable;
import org.vaelab.experiments.table.TableFormat;

/**
 * The dashboard's server: the page and its scripts (Chart.js from its webjar), and a JSON API over the runs under
 * a folder. Listens on 127.0.0.1 only: runs may hold unpublished work.
 */
public final class DashboardServer implements AutoCloseable {

    private final Javalin app;

    private DashboardServer(Javalin app) {
        this.app = app;
    }

    /**
     * @param root the folder of runs
     * @param mapper reads the run files
     * @param port the port (0: any free one)
     * @return the running server
     */
    public static DashboardServer start(Path root, ObjectMapper mapper, int port) {
        if (!Files.isDirectory(root)) {
            throw new UserInputException(root + " is not a folder of runs");
        }
        RunIndex index = new RunIndex(root, mapper);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.enableWebjars();
            config.staticFiles.add("/ui", Location.CLASSPATH);
        });
        app.get("/api/runs", ctx -> json(ctx, mapper, index.runs()));
        app.get("/api/run", ctx -> json(ctx, mapper, index.run(ctx.queryParam("id"))));
        app.get("/api/image", ctx -> {
            Path png = index.image(ctx.queryParam("id"), ctx.queryParam("file"));
            if (png == null) {
                ctx.status(404).result("no such image");
            } else {
                ctx.contentType("image/png").result(Files.readAllBytes(png));
            }
        });
        app.get("/api/diff", ctx -> {
            List<String> ids = ctx.queryParams("id");
            Map<String, Object> out = new LinkedHashMap<>();
            if (ids.size() == 2) {
                Path a = index.resolve(ids.get(0));
                Path b = index.resolve(ids.get(1));
                out.put("config", RunComparison.differences(mapper.readTree(a.resolve("config.json").toFile()),
                        mapper.readTree(b.resolve("config.json").toFile())));
            } else {
                out.put("config", new ArrayList<>());
            }
            json(ctx, mapper, out);
        });
        app.get("/api/table", ctx -> {
            String html;
            try {
                html = new AblationTable(mapper).write(List.of(root), List.of(), TableFormat.HTML, new ArrayList<>());
            } catch (UserInputException e) {
                html = "<p>" + e.getMessage().split("\n")[0] + "</p>";
            }
            json(ctx, mapper, Map.of("html", html));
        });
        app.exception(UserInputException.class, (e, ctx) -> ctx.status(404).result(e.getMessage()));
        try {
            app.start("127.0.0.1", port);
        } catch (io.javalin.util.JavalinBindException e) {
            throw new UserInputException("port " + port + " on 127.0.0.1 is in use (another dashboard?); choose another "
                    + "with --port, or --port 0 for any free one", e);
        }
        return new DashboardServer(app);
    }

    private static void json(Context ctx, ObjectMapper mapper, Object value) throws Exception {
        ctx.contentType("application/json").result(mapper.writeValueAsString(value));
    }

    /** @return the port it listens on */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
