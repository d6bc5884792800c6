package main_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/wire"
	"github.com/gorilla/websocket"
)

// selfSigned writes a certificate for 127.0.0.1 and its key into dir and
// returns their paths and a pool that trusts the certificate.
func selfSigned(t *testing.T, dir string) (cert, key string, pool *x509.CertPool) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "borderdrill test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	c, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(c)
	return cert, key, pool
}

// TestServeTLS runs `borderdrill serve` with a certificate: the API and a
// trainee's websocket work over HTTPS and WSS for a client that trusts it,
// plain HTTP is refused, and a key that does not fit fails at start.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	cert, key, pool := selfSigned(t, dir)
	addr := freeAddr(t)
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	hc := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	_, out := serve(t, hc, "https://"+addr, "--addr", addr, "--instructor-token", "tls-token", "--web", "", "--quiet",
		"--tls-cert", cert, "--tls-key", key, "--scenario", "col-ven-cucuta-bridges")
	if !strings.Contains(out.String(), "https://"+addr+"/") {
		t.Errorf("serve does not print its https address: %s", out.String())
	}
	req, _ := http.NewRequest("GET", "https://"+addr+"/api/exercises", nil)
	req.Header.Set("Authorization", "Bearer tls-token")
	r, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var xs []struct {
		ID    string            `json:"id"`
		Codes map[string]string `json:"codes"`
	}
	err = json.NewDecoder(r.Body).Decode(&xs)
	r.Body.Close()
	if err != nil || len(xs) != 1 {
		t.Fatalf("exercises over HTTPS: %v %+v", err, xs)
	}
	d := websocket.Dialer{TLSClientConfig: &tls.Config{RootCAs: pool}, HandshakeTimeout: 5 * time.Second}
	c, _, err := d.Dial("wss://"+addr+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.WriteMessage(websocket.BinaryMessage, wire.Encode(&wire.Hello{Version: wire.Version, Code: xs[0].Codes["GNB"]}))
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, b, err := c.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	if m, err := wire.Decode(b); err != nil || m.(*wire.Welcome).Exercise != xs[0].ID {
		t.Fatalf("over WSS: %T %v, want the Welcome of %s", m, err, xs[0].ID)
	}
	// Plain HTTP to the TLS port gets no exercise data.
	if r, err := http.Get("http://" + addr + "/api/exercises"); err == nil {
		r.Body.Close()
		if r.StatusCode == http.StatusOK || r.StatusCode == http.StatusUnauthorized {
			t.Errorf("plain HTTP to the TLS port: %s", r.Status)
		}
	}

	// A key that is not the certificate's fails at start, with a reason.
	_, otherKey, _ := selfSigned(t, t.TempDir())
	bad := exec.Command(binary, "serve", "--addr", freeAddr(t), "--instructor-token", "x", "--web", "", "--tls-cert", cert, "--tls-key", otherKey)
	msg, err := bad.CombinedOutput()
	if err == nil || !strings.Contains(string(msg), "--tls-cert/--tls-key") {
		t.Errorf("mismatched key: %v %s", err, msg)
	}
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
