package dev.slipway.build;

import dev.slipway.testing.GoModules;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A service shaped like the ones that did not start from Slipway's images before slipway.yaml: it
 * reads {@code products.json} and {@code templates/*.html} from its working directory, serves
 * {@code static/}, takes {@code -greeting} from its arguments and {@code SHOP} and {@code PORT}
 * from its environment, and shows its working directory and uid.
 */
final class ShopService {
  private ShopService() {}

  static final String MAIN =
      """
      package main

      import (
      \t"encoding/json"
      \t"flag"
      \t"html/template"
      \t"log"
      \t"net/http"
      \t"os"
      )

      type product struct {
      \tName  string `json:"name"`
      \tPrice int    `json:"price"`
      }

      var page = template.Must(template.ParseGlob("templates/*.html"))

      func main() {
      \tgreeting := flag.String("greeting", "hello", "")
      \tflag.Parse()
      \tdata, err := os.ReadFile("products.json")
      \tif err != nil {
      \t\tlog.Fatalf("could not parse product catalog: %v", err)
      \t}
      \tvar products []product
      \tif err := json.Unmarshal(data, &products); err != nil {
      \t\tlog.Fatal(err)
      \t}
      \thttp.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("static"))))
      \thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
      \t\twd, _ := os.Getwd()
      \t\tpage.ExecuteTemplate(w, "index.html", map[string]any{
      \t\t\t"Greeting": *greeting, "Products": products, "Dir": wd, "User": os.Getuid(),
      \t\t\t"Shop": os.Getenv("SHOP"),
      \t\t})
      \t})
      \tlog.Fatal(http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), nil))
      }
      """;

  /** The module (with a second main package, {@code other}) and its data files. */
  static Path write(Path dir) {
    Path module = GoModules.service(dir, "other");
    GoModules.write(module.resolve("cmd/catalog/main.go"), MAIN);
    GoModules.write(
        module.resolve("products.json"), "[{\"name\":\"Vintage Camera\",\"price\":120}]\n");
    GoModules.write(
        module.resolve("templates/index.html"),
        "<h1>{{.Greeting}} from {{.Shop}}</h1>{{range .Products}}<p>{{.Name}} {{.Price}}</p>"
            + "{{end}}<i>{{.Dir}} {{.User}}</i>\n");
    GoModules.write(module.resolve("static/style.css"), "h1 { color: teal }\n");
    GoModules.write(module.resolve("static/notes.txt"), "not matched by the glob\n");
    return module;
  }

  /** GET, waiting for the server to listen; if it exits first, its log says why. */
  static String get(int port, String path, Process p, Path log) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
      } catch (IOException e) {
        if (!p.isAlive() || Instant.now().isAfter(deadline)) {
          throw new AssertionError("the service did not answer:\n" + Files.readString(log), e);
        }
        TimeUnit.MILLISECONDS.sleep(50); // polling for a condition: the server listening
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
