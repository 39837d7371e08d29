// gohost is a minimal `pulumi-language-go`: the language host that runs Pulumi programs written in
// Go. The real host (github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3) is a Go module of its
// own that this machine's Go module proxy refuses (403), and sdk/v3 v3.68.0 (the newest that carries
// a Go host inside sdk/v3) predates what CLI 3.248 asks of a host. So this host implements the part
// of the LanguageRuntime protocol a `pulumi up` / `preview` / `refresh` / `destroy` of a Go program
// needs, with the same observable behaviour as the real one:
//
//   - Run: `go build` the program (the project directory, or `main:` of Pulumi.yaml) into a
//     temporary binary and execute it with the PULUMI_* environment the Go SDK's pulumi.Run reads
//     (see sdk/v3/go/pulumi/run.go getEnvInfo). Exit status 32 is the SDK's "error already
//     reported", which the engine must not print again (Bail).
//   - GetRequiredPlugins / GetRequiredPackages: the `pulumi-plugin.json` files of the packages the
//     program depends on (`go list -deps`), as the real host finds them, so a generated SDK's
//     plugin (name, version, pluginDownloadURL) is known before the program runs.
//   - InstallDependencies: `go mod download`.
//   - GetPluginInfo, About, GetProgramDependencies: what the engine prints in `pulumi about`.
//
// Not implemented (the engine falls back, or the feature is not offered for Go here): program
// generation (`pulumi import --out x.go`, `convert`), RunPlugin (providers written in Go), the
// debugger attach and `binary:` prebuilt programs.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// The Go SDK exits with this status when it has already reported the error through the engine
// (sdk/v3/go/common/constant ExitStatusLoggedError).
const exitStatusLoggedError = 32

// version is what GetPluginInfo reports: the CLI and SDK version this host is built against.
const version = "3.248.0"

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-language-go:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	// The engine starts a host as `pulumi-language-go [-flag[=value]…] <engine address>`; flags this
	// host has no use for (-tracing, -root, -binary, …) are accepted and ignored.
	engine := ""
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			engine = a
		}
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(s *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(s, &host{engine: engine})
			return nil
		},
	})
	if err != nil {
		return err
	}
	// Like every plugin, the host's first line of stdout is its port.
	fmt.Println(handle.Port)
	return <-handle.Done
}

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engine string
}

// programDir is where the program's main package is: the project's `main:` directory when set.
func programDir(info *pulumirpc.ProgramInfo, pwd string) string {
	if info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	return pwd
}

// goCommand runs `go <args>` in dir and returns its stdout; stderr is part of the error.
func goCommand(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// pluginManifest is the `pulumi-plugin.json` a generated Go SDK carries in its package directory.
type pluginManifest struct {
	Resource bool   `json:"resource"`
	Name     string `json:"name"`
	Version  string `json:"version"`
	Server   string `json:"server"`
}

// requiredPlugins reads the manifests of every package the program imports, directly or not.
func requiredPlugins(ctx context.Context, dir string) ([]pluginManifest, error) {
	out, err := goCommand(ctx, dir, "list", "-deps", "-f", "{{.Dir}}", ".")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var found []pluginManifest
	for _, pkgDir := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if pkgDir == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(pkgDir, "pulumi-plugin.json"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, err
		}
		var m pluginManifest
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(pkgDir, "pulumi-plugin.json"), err)
		}
		if !m.Resource || m.Name == "" || seen[m.Name] {
			continue
		}
		seen[m.Name] = true
		if m.Version != "" && !strings.HasPrefix(m.Version, "v") {
			m.Version = "v" + m.Version
		}
		found = append(found, m)
	}
	return found, nil
}

func (h *host) GetRequiredPlugins(ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	plugins, err := requiredPlugins(ctx, programDir(req.GetInfo(), req.GetPwd()))
	if err != nil {
		return nil, err
	}
	resp := &pulumirpc.GetRequiredPluginsResponse{}
	for _, p := range plugins {
		resp.Plugins = append(resp.Plugins, &pulumirpc.PluginDependency{Name: p.Name, Kind: "resource", Version: p.Version, Server: p.Server})
	}
	return resp, nil
}

func (h *host) GetRequiredPackages(ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	plugins, err := requiredPlugins(ctx, programDir(req.GetInfo(), ""))
	if err != nil {
		return nil, err
	}
	resp := &pulumirpc.GetRequiredPackagesResponse{}
	for _, p := range plugins {
		resp.Packages = append(resp.Packages, &pulumirpc.PackageDependency{Name: p.Name, Kind: "resource", Version: p.Version, Server: p.Server})
	}
	return resp, nil
}

// Run builds the program and runs it against the engine's resource monitor.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	dir := programDir(req.GetInfo(), req.GetPwd())
	tmp, err := os.MkdirTemp("", "pulumi-go-program-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "program")
	if _, err := goCommand(ctx, dir, "build", "-o", bin, "."); err != nil {
		// A program that does not compile is the user's error, reported like any failed run.
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(req.GetConfigSecretKeys())
	if err != nil {
		return nil, err
	}
	root := ""
	if req.GetInfo() != nil {
		root = req.GetInfo().GetRootDirectory()
	}
	cmd := exec.CommandContext(ctx, bin, req.GetArgs()...)
	cmd.Dir = req.GetPwd()
	cmd.Env = append(os.Environ(),
		"PULUMI_MONITOR="+req.GetMonitorAddress(),
		"PULUMI_ENGINE="+h.engine,
		"PULUMI_ORGANIZATION="+req.GetOrganization(),
		"PULUMI_PROJECT="+req.GetProject(),
		"PULUMI_STACK="+req.GetStack(),
		"PULUMI_ROOT_DIRECTORY="+root,
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
		"PULUMI_DRY_RUN="+strconv.FormatBool(req.GetDryRun()),
		"PULUMI_PARALLEL="+strconv.Itoa(int(req.GetParallel())),
	)
	// The program's own output goes where a host's output goes: the engine shows it.
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == exitStatusLoggedError {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("running the Go program: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// InstallDependencies is `pulumi install` (and the first step of `pulumi new`): `go mod download`.
func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest, stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]) error {
	dir := programDir(req.GetInfo(), req.GetDirectory())
	out, err := goCommand(stream.Context(), dir, "mod", "download")
	if len(out) > 0 {
		if sendErr := stream.Send(&pulumirpc.InstallDependenciesResponse{Stdout: out}); sendErr != nil {
			return sendErr
		}
	}
	return err
}

func (h *host) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	out, err := goCommand(ctx, ".", "version")
	if err != nil {
		return nil, err
	}
	exe, _ := exec.LookPath("go")
	// `go version` prints "go version go1.26.0 linux/amd64".
	fields := strings.Fields(string(out))
	v := ""
	if len(fields) >= 3 {
		v = strings.TrimPrefix(fields[2], "go")
	}
	return &pulumirpc.AboutResponse{Executable: exe, Version: v}, nil
}

// GetProgramDependencies lists the program's modules (`go list -m all`), as `pulumi about` shows them.
func (h *host) GetProgramDependencies(ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	out, err := goCommand(ctx, programDir(req.GetInfo(), req.GetPwd()), "list", "-m", "-f", "{{.Path}} {{.Version}}", "all")
	if err != nil {
		return nil, err
	}
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 2 {
			resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: fields[0], Version: fields[1]})
		}
	}
	return resp, nil
}
