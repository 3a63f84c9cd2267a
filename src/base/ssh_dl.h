/*
 * ssh_dl.h - libssh, loaded when the first sftp:// upload needs it.
 *
 * libssh brings Kerberos and GSSAPI with it, which cost about 2 ms on
 * every run of crier, so it is not linked (see lazy.h): the functions
 * below are looked up the first time crier_lazy_load() is called.
 * Including this header instead of <libssh/libssh.h> and <libssh/sftp.h>
 * makes their usual names call through that table.  libssh initialises
 * itself when it is loaded, so no one calls ssh_init().
 */
#ifndef CRIER_SSH_DL_H
#define CRIER_SSH_DL_H

#include <libssh/libssh.h>
#include <libssh/sftp.h>

#include "lazy.h"

#define CRIER_SSH_FUNCTIONS(F) \
	F(ssh_new) F(ssh_free) F(ssh_options_set) F(ssh_connect) \
	F(ssh_disconnect) F(ssh_is_connected) F(ssh_get_error) \
	F(ssh_get_server_publickey) F(ssh_get_publickey_hash) \
	F(ssh_get_fingerprint_hash) F(ssh_clean_pubkey_hash) \
	F(ssh_key_type) F(ssh_key_type_to_char) F(ssh_key_free) \
	F(ssh_string_free_char) F(ssh_session_is_known_server) \
	F(ssh_userauth_publickey_auto) \
	F(ssh_channel_new) F(ssh_channel_open_session) \
	F(ssh_channel_request_subsystem) F(ssh_channel_write) \
	F(ssh_channel_read_timeout) F(ssh_channel_close) F(ssh_channel_free) \
	F(sftp_new) F(sftp_init) F(sftp_free) F(sftp_get_error) \
	F(sftp_extension_supported) F(sftp_stat) F(sftp_attributes_free) \
	F(sftp_mkdir) F(sftp_open) F(sftp_write) F(sftp_fsync) \
	F(sftp_close) F(sftp_rename) F(sftp_unlink)

struct crier_ssh_api {
	CRIER_SSH_FUNCTIONS(CRIER_LAZY_FIELD)
};

extern struct crier_ssh_api crier_ssh;

/* Its loading: crier_lazy_load(&crier_ssh_lib) returns 0 or -1. */
extern struct crier_lazy_lib crier_ssh_lib;

#define ssh_new crier_ssh.ssh_new
#define ssh_free crier_ssh.ssh_free
#define ssh_options_set crier_ssh.ssh_options_set
#define ssh_connect crier_ssh.ssh_connect
#define ssh_disconnect crier_ssh.ssh_disconnect
#define ssh_is_connected crier_ssh.ssh_is_connected
#define ssh_get_error crier_ssh.ssh_get_error
#define ssh_get_server_publickey crier_ssh.ssh_get_server_publickey
#define ssh_get_publickey_hash crier_ssh.ssh_get_publickey_hash
#define ssh_get_fingerprint_hash crier_ssh.ssh_get_fingerprint_hash
#define ssh_clean_pubkey_hash crier_ssh.ssh_clean_pubkey_hash
#define ssh_key_type crier_ssh.ssh_key_type
#define ssh_key_type_to_char crier_ssh.ssh_key_type_to_char
#define ssh_key_free crier_ssh.ssh_key_free
#define ssh_string_free_char crier_ssh.ssh_string_free_char
#define ssh_session_is_known_server crier_ssh.ssh_session_is_known_server
#define ssh_userauth_publickey_auto crier_ssh.ssh_userauth_publickey_auto
#define ssh_channel_new crier_ssh.ssh_channel_new
#define ssh_channel_open_session crier_ssh.ssh_channel_open_session
#define ssh_channel_request_subsystem crier_ssh.ssh_channel_request_subsystem
#define ssh_channel_write crier_ssh.ssh_channel_write
#define ssh_channel_read_timeout crier_ssh.ssh_channel_read_timeout
#define ssh_channel_close crier_ssh.ssh_channel_close
#define ssh_channel_free crier_ssh.ssh_channel_free
#define sftp_new crier_ssh.sftp_new
#define sftp_init crier_ssh.sftp_init
#define sftp_free crier_ssh.sftp_free
#define sftp_get_error crier_ssh.sftp_get_error
#define sftp_extension_supported crier_ssh.sftp_extension_supported
#define sftp_stat crier_ssh.sftp_stat
#define sftp_attributes_free crier_ssh.sftp_attributes_free
#define sftp_mkdir crier_ssh.sftp_mkdir
#define sftp_open crier_ssh.sftp_open
#define sftp_write crier_ssh.sftp_write
#define sftp_fsync crier_ssh.sftp_fsync
#define sftp_close crier_ssh.sftp_close
#define sftp_rename crier_ssh.sftp_rename
#define sftp_unlink crier_ssh.sftp_unlink

#endif /* CRIER_SSH_DL_H */
