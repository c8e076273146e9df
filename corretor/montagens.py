"""Montagens da caixa de areia (bubblewrap) e o teste de que ela funciona aqui.

A caixa enxerga o sistema (``/usr``, ``/bin``, ``/lib*``, ``/etc``) e o Python do
corretor (a venv e o Python de base), **somente leitura**; nada do projeto, das
entregas ou da pasta pessoal do professor. O único lugar gravável é ``/trabalho``, um
tmpfs de tamanho limitado, e ``/tmp`` é um link para ``/trabalho/tmp``.

Por isso um caminho de fora que fica em ``/tmp`` (uma venv num clone em ``/tmp``, um
Python de base lá) é montado, dentro da caixa, em ``/trabalho/tmp/...``: pelo link, ele
aparece no mesmo caminho de fora (``/tmp/...``), e a montagem não esbarra no link (o
bubblewrap não cria pastas através de um link). O lançador não conta nem altera o que
está montado dentro de ``/trabalho`` (outro sistema de arquivos).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

TRABALHO = "/trabalho"
TEMPO_TESTE_S = 30


def raiz() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def na_caixa(caminho: str) -> str:
    """Onde montar, dentro da caixa, um caminho absoluto de fora (``/tmp/x`` →
    ``/trabalho/tmp/x``, que pelo link ``/tmp`` aparece como ``/tmp/x``)."""
    if caminho == "/tmp" or caminho.startswith("/tmp/"):
        return TRABALHO + caminho
    return caminho


def prefixos_python() -> list[str]:
    prefixos = {os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix),
                os.path.realpath(os.path.dirname(os.path.dirname(
                    os.path.realpath(sys.executable))))}
    return sorted(p for p in prefixos if p not in ("/", "/usr"))


def montagens(eh_raiz: bool, disco_bytes: int) -> list[str]:
    """Argumentos do ``bwrap``: sistema só leitura, sem rede, e um tmpfs limitado.

    - Professor comum: espaço de usuários próprio (uid 65534 lá dentro, que é o próprio
      professor lá fora, sem nenhum privilégio a mais).
    - Professor root: **sem** espaço de usuários (nele, o uid 65534 de dentro seria o
      root de fora); o lançador começa como root dentro da caixa e troca para um uid
      sem conta e sem privilégios antes do ``exec`` da entrega.

    O diretório de trabalho ``/trabalho`` é um tmpfs de ``disco_bytes`` (o ``/tmp`` é
    um link para ``/trabalho/tmp``); a raiz e o ``/dev`` ficam somente leitura (quem
    chama acrescenta ``--remount-ro /`` depois das últimas montagens).
    """
    if eh_raiz:
        args = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                "--unshare-cgroup-try"]
    else:
        args = ["--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534"]
    args += ["--die-with-parent", "--new-session",
             "--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev",
             "--remount-ro", "/dev",
             "--size", str(int(disco_bytes)), "--tmpfs", TRABALHO,
             "--symlink", TRABALHO + "/tmp", "/tmp"]
    for sistema in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/etc"):
        if os.path.exists(sistema):
            args += ["--ro-bind", sistema, sistema] if not os.path.islink(sistema) \
                else ["--symlink", os.readlink(sistema), sistema]
    montar = [(prefixo, na_caixa(prefixo)) for prefixo in prefixos_python()]
    # venv por link simbólico (worktrees): o caminho usado em sys.executable também.
    if os.path.realpath(sys.prefix) != os.path.abspath(sys.prefix):
        montar.append((None, na_caixa(os.path.abspath(sys.prefix))))
    # Pastas intermediárias legíveis por todos (o bwrap as criaria com 0700 como root,
    # e o uid sem privilégios da entrega não chegaria ao Python).
    pastas = sorted({str(p) for _, destino in montar for p in Path(destino).parents
                     if str(p) not in ("/", TRABALHO)}, key=lambda p: p.count("/"))
    for pasta in pastas:
        args += ["--perms", "0755", "--dir", pasta]
    for origem, destino in montar:
        args += ["--ro-bind", origem, destino] if origem else \
            ["--symlink", os.path.realpath(sys.prefix), destino]
    return args


def _testar(caminho: str, codigo: str) -> tuple[int, str]:
    """Roda ``codigo`` no Python do corretor, numa caixa montada como a das entregas."""
    teste = subprocess.run(
        [caminho, *montagens(raiz(), 1024 * 1024), "--remount-ro", "/",
         "--chdir", "/", sys.executable, "-I", "-c", codigo],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        timeout=TEMPO_TESTE_S)
    linhas = teste.stderr.decode("utf-8", "replace").strip().splitlines()
    return teste.returncode, " ".join((linhas[-1] if linhas else "").split())[:300]


# Como root, o lançador troca para um uid sem conta antes do exec da entrega: o teste
# faz o mesmo, com um uid fora da faixa das entregas (caixa.UID_BASE em diante).
UID_TESTE = 1_599_999_999
_SEM_PRIVILEGIOS = (f"import os, sys; u = {UID_TESTE}; os.setgroups([]); "
                    "os.setresgid(u, u, u); os.setresuid(u, u, u); "
                    "os.execv(sys.executable, [sys.executable, '-I', '-c', 'pass'])")


def diagnosticar_bwrap() -> tuple[str | None, str]:
    """(caminho do ``bwrap``, ``""``) se a caixa monta e roda este Python aqui, do jeito
    que será usada (como root: também com um uid sem privilégios); senão (``None``, o
    motivo em português)."""
    if not sys.platform.startswith("linux"):
        return None, f"o bubblewrap só existe no Linux (este sistema: {sys.platform})"
    caminho = shutil.which("bwrap")
    if not caminho:
        return None, "o comando bwrap (pacote bubblewrap) não foi encontrado no PATH"
    try:
        codigo, mensagem = _testar(caminho, "pass")
        if codigo != 0:
            return None, (f"o bubblewrap ({caminho}) não conseguiu montar a caixa de areia "
                          f"para o Python {sys.executable} (código {codigo}; mensagem do "
                          f"bwrap: {mensagem or 'nenhuma'})")
        if raiz():
            codigo, mensagem = _testar(caminho, _SEM_PRIVILEGIOS)
            if codigo != 0:
                return None, (
                    "como root, a entrega roda na caixa com um uid sem privilégios, e esse "
                    f"uid não consegue executar o Python {sys.executable} (pastas sem "
                    "permissão de leitura e execução para todos; erro: "
                    f"{mensagem or 'nenhum'}). Rode como usuário comum ou use um Python "
                    "legível por todos")
    except subprocess.TimeoutExpired:
        return None, f"o teste do bubblewrap ({caminho}) não terminou em {TEMPO_TESTE_S} s"
    except OSError as erro:
        return None, f"não consegui executar {caminho} ({erro.strerror})"
    return caminho, ""


def bwrap_disponivel() -> str | None:
    """Caminho do ``bwrap`` se ele existe e funciona aqui, do jeito que será usado."""
    return diagnosticar_bwrap()[0]
