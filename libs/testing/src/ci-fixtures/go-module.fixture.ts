/**
 * A Go module without dependencies (so no `go.sum`): a package with a test, a `main`, a
 * Makefile whose `build`/`test` targets the analysis should prefer, and a multi-stage Dockerfile.
 */
export function goModuleFiles(): Record<string, string> {
  return {
    'go.mod': 'module example.com/hello\n\ngo 1.22\n',
    'greet/greet.go': 'package greet\n\n// Hello greets name, or the world.\nfunc Hello(name string) string {\n\tif name == "" {\n\t\tname = "world"\n\t}\n\treturn "hello, " + name\n}\n',
    'greet/greet_test.go': [
      'package greet',
      '',
      'import "testing"',
      '',
      'func TestHello(t *testing.T) {',
      '\tif got := Hello("ada"); got != "hello, ada" {',
      '\t\tt.Fatalf("Hello(ada) = %q", got)',
      '\t}',
      '\tif got := Hello(""); got != "hello, world" {',
      '\t\tt.Fatalf("Hello() = %q", got)',
      '\t}',
      '}',
      '',
    ].join('\n'),
    'main.go': 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/hello/greet"\n)\n\nfunc main() {\n\tfmt.Println(greet.Hello(""))\n}\n',
    Makefile: '.PHONY: build test\n\nbuild:\n\tgo build ./...\n\ntest:\n\tgo test -cover ./...\n',
    Dockerfile: [
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /hello .',
      '',
      'FROM gcr.io/distroless/static',
      'COPY --from=build /hello /hello',
      'ENTRYPOINT ["/hello"]',
      '',
    ].join('\n'),
  };
}
