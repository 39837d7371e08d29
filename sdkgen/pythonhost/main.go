// pythonhost is the `pulumi-language-python` the Python toolchain puts on PATH: the v3.68 Python
// language host (the newest that can be built here, see scripts/python-toolchain.sh) behind a thin
// gRPC front that adds what v3.68 lacks and CLI 3.248 needs for `pulumi import --out`: the
// GenerateProgram RPC (v3.68 answers "method GenerateProgram not implemented"). It is implemented
// in-process with codegen/python of pkg/v3 v3.248.0, as the v3.248 host does; every other call is
// forwarded to the v3.68 host unchanged (its Unimplemented answers included, which CLI 3.248
// falls back from).
//
// The v3.68 host is `pulumi-language-python-v3.68` in the same directory; it gets our command line.
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-language-python:", err)
		os.Exit(1)
	}
}

func run() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	inner := filepath.Join(filepath.Dir(self), "pulumi-language-python-v3.68")
	cmd := exec.Command(inner, os.Args[1:]...)
	cmd.Stderr = os.Stderr
	// The engine kills us when it is done; the inner host must not outlive us.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", inner, err)
	}
	// Like every plugin, the inner host prints its port as its first line of stdout.
	r := bufio.NewReader(out)
	line, err := r.ReadString('\n')
	if err != nil {
		return fmt.Errorf("reading the port of %s: %w", inner, err)
	}
	go func() { _, _ = io.Copy(os.Stdout, r) }()
	conn, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(line), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	front := &host{inner: pulumirpc.NewLanguageRuntimeClient(conn)}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(s *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(s, front)
			return nil
		},
	})
	if err != nil {
		return err
	}
	fmt.Println(handle.Port)
	go func() { _ = cmd.Wait(); os.Exit(0) }()
	return <-handle.Done
}

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	inner pulumirpc.LanguageRuntimeClient
}

// GenerateProgram: PCL → Python with codegen/python, the schemas coming from the engine's loader.
func (h *host) GenerateProgram(ctx context.Context, req *pulumirpc.GenerateProgramRequest) (*pulumirpc.GenerateProgramResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	parser := syntax.NewParser()
	for path, contents := range req.Source {
		if err := parser.ParseFile(strings.NewReader(contents), path); err != nil {
			return nil, err
		}
		if parser.Diagnostics.HasErrors() {
			return &pulumirpc.GenerateProgramResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(parser.Diagnostics)}, nil
		}
	}
	opts := []pcl.BindOption{pcl.PreferOutputVersionedInvokes}
	if !req.Strict {
		opts = append(opts, pcl.NonStrictBindOptions()...)
	}
	program, diags, err := pcl.BindProgram(parser.Files, schema.NewCachedLoader(loader), opts...)
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}, nil
	}
	files, genDiags, err := pygen.GenerateProgram(program)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GenerateProgramResponse{
		Source:      files,
		Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(append(diags, genDiags...)),
	}, nil
}

// Everything else: forwarded to the v3.68 host.

func (h *host) GetRequiredPlugins(ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return h.inner.GetRequiredPlugins(ctx, req)
}

func (h *host) GetRequiredPackages(ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return h.inner.GetRequiredPackages(ctx, req)
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	return h.inner.Run(ctx, req)
}

func (h *host) GetPluginInfo(ctx context.Context, req *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return h.inner.GetPluginInfo(ctx, req)
}

func (h *host) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	return h.inner.About(ctx, req)
}

func (h *host) GetProgramDependencies(ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return h.inner.GetProgramDependencies(ctx, req)
}

func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest, stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]) error {
	return forward(stream, func(ctx context.Context) (grpc.ServerStreamingClient[pulumirpc.InstallDependenciesResponse], error) {
		return h.inner.InstallDependencies(ctx, req)
	})
}

func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, stream grpc.ServerStreamingServer[pulumirpc.RunPluginResponse]) error {
	return forward(stream, func(ctx context.Context) (grpc.ServerStreamingClient[pulumirpc.RunPluginResponse], error) {
		return h.inner.RunPlugin(ctx, req)
	})
}

func forward[T any](stream grpc.ServerStreamingServer[T], open func(context.Context) (grpc.ServerStreamingClient[T], error)) error {
	client, err := open(stream.Context())
	if err != nil {
		return err
	}
	for {
		msg, err := client.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := stream.Send(msg); err != nil {
			return err
		}
	}
}
