# nginx as a WebDAV server on 127.0.0.1, for the publish tests.  Source
# this file, then:
#
#   nginx_start DIR USER PASSWORD   start it, serving DIR/www; sets
#                                   nginx_port, nginx_tls_port and
#                                   nginx_pid
#   nginx_stop                      stop it (by PID)
#
# Everything nginx writes goes below DIR: config, htpasswd, logs
# (DIR/access.log), temporary files.  Writes (PUT, DELETE, MKCOL, COPY,
# MOVE) need basic auth as USER; GET and HEAD do not, as on a real site.
# Below the root, /strict/ has no create_full_put_path (a missing parent
# is a 409, so clients must MKCOL), /nomove/ refuses MOVE, and /busy/
# answers every PUT with 503 and Retry-After: 1.
# A second server on nginx_tls_port speaks HTTPS with a certificate for
# 127.0.0.1 from a test CA, DIR/tls/ca.pem, that nothing else trusts.
# nginx_find prints nginx's path, or fails when it is not installed.

nginx_find() {
	command -v nginx 2>/dev/null && return 0
	for n in /usr/sbin/nginx /usr/local/sbin/nginx; do
		[ -x "$n" ] && echo "$n" && return 0
	done
	return 1
}

nginx_free_port() {
	"${PYTHON:-python3}" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# nginx_make_ca DIR: a CA and a server certificate for 127.0.0.1 signed
# by it, in DIR/tls.
nginx_make_ca() {
	mkdir -p "$1/tls"
	(
		cd "$1/tls" || exit 1
		ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
		openssl req -x509 $ec -keyout ca.key -out ca.pem -days 2 \
			-subj /CN=crier-test-CA &&
		openssl req $ec -keyout server.key -out server.csr \
			-subj /CN=127.0.0.1 &&
		printf 'subjectAltName=IP:127.0.0.1\n' >ext &&
		openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key \
			-CAcreateserial -out server.pem -days 2 -extfile ext
	) >"$1/tls/openssl.log" 2>&1
}

nginx_config() {
	dir=$1
	port=$2
	tls_port=$3
	user_line=
	[ "$(id -u)" = 0 ] && user_line="user root root;"
	cat <<CONF
daemon off;
master_process off;
worker_processes 1;
$user_line
pid $dir/nginx.pid;
error_log $dir/error.log info;
events { worker_connections 64; }
http {
	include /etc/nginx/mime.types;
	types { application/atom+xml atom; application/rss+xml rss; }
	access_log $dir/access.log;
	client_body_temp_path $dir/tmp/body;
	proxy_temp_path $dir/tmp/proxy;
	fastcgi_temp_path $dir/tmp/fastcgi;
	uwsgi_temp_path $dir/tmp/uwsgi;
	scgi_temp_path $dir/tmp/scgi;
	client_max_body_size 0;
	client_body_buffer_size 16k;
	server {
		listen 127.0.0.1:$port;
		root $dir/www;
		dav_access user:rw group:r all:r;
		location / {
			dav_methods PUT DELETE MKCOL COPY MOVE;
			create_full_put_path on;
			limit_except GET {
				auth_basic "crier tests";
				auth_basic_user_file $dir/htpasswd;
			}
		}
		location /strict/ {
			dav_methods PUT DELETE MKCOL COPY MOVE;
			limit_except GET {
				auth_basic "crier tests";
				auth_basic_user_file $dir/htpasswd;
			}
		}
		location /nomove/ {
			dav_methods PUT DELETE;
			create_full_put_path on;
			limit_except GET {
				auth_basic "crier tests";
				auth_basic_user_file $dir/htpasswd;
			}
		}
		location /busy/ {
			add_header Retry-After 1 always;
			if (\$request_method = PUT) {
				return 503;
			}
		}
	}
	server {
		listen 127.0.0.1:$tls_port ssl;
		ssl_certificate $dir/tls/server.pem;
		ssl_certificate_key $dir/tls/server.key;
		root $dir/www;
		dav_access user:rw group:r all:r;
		location / {
			dav_methods PUT DELETE MKCOL COPY MOVE;
			create_full_put_path on;
			limit_except GET {
				auth_basic "crier tests";
				auth_basic_user_file $dir/htpasswd;
			}
		}
	}
}
CONF
}

nginx_start() {
	nginx_dir=$1
	mkdir -p "$nginx_dir/www" "$nginx_dir/tmp"
	[ -s "$nginx_dir/htpasswd" ] ||
		printf '%s:%s\n' "$2" \
			"$(printf '%s\n' "$3" | openssl passwd -apr1 -stdin)" \
			>"$nginx_dir/htpasswd"
	[ -s "$nginx_dir/tls/server.pem" ] || nginx_make_ca "$nginx_dir" || {
		echo "cannot make the test certificates:" >&2
		cat "$nginx_dir/tls/openssl.log" >&2
		return 1
	}
	[ -n "${nginx_port:-}" ] || nginx_port=$(nginx_free_port)
	[ -n "${nginx_tls_port:-}" ] || nginx_tls_port=$(nginx_free_port)
	nginx_config "$nginx_dir" "$nginx_port" "$nginx_tls_port" \
		>"$nginx_dir/nginx.conf"
	"$(nginx_find)" -p "$nginx_dir" -c "$nginx_dir/nginx.conf" \
		2>>"$nginx_dir/error.log" &
	nginx_pid=$!
	tries=0
	until "${PYTHON:-python3}" -c "import socket
socket.create_connection(('127.0.0.1', $nginx_port), 0.2)" 2>/dev/null; do
		tries=$((tries + 1))
		if [ $tries -ge 100 ] || ! kill -0 "$nginx_pid" 2>/dev/null; then
			echo "nginx did not start:" >&2
			cat "$nginx_dir/error.log" >&2
			return 1
		fi
		sleep 0.05
	done
}

nginx_stop() {
	[ -n "${nginx_pid:-}" ] || return 0
	kill "$nginx_pid" 2>/dev/null
	wait "$nginx_pid" 2>/dev/null
	nginx_pid=
}
