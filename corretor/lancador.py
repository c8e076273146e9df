"""Lançador de uma entrega, rodado DENTRO da caixa de areia (só a biblioteca padrão).

É o primeiro processo da caixa. Ele:

1. monta o diretório de trabalho (``tarefa.json`` lido da entrada padrão, cópia do
   executor e do cache do matplotlib) e, se começou como root, o entrega a um uid sem
   privilégios, único por entrega;
2. cria o processo da entrega (``executor.py``) com os limites de recursos
   (``setrlimit``: CPU, memória, tamanho de arquivo, processos, descritores, sem
   core dump) e, se começou como root, **sem privilégios** (``setgroups([])``, ``setresgid``,
   ``setresuid`` e ``PR_SET_NO_NEW_PRIVS``) antes do ``exec``;
3. enquanto a entrega roda, manda ao processo confiável, pela saída padrão, cada
   arquivo de resultado assim que ele aparece (um laço infinito na função ``k`` não
   apaga os resultados das anteriores) e, a cada 0,25 s, conta os arquivos e os bytes
   do diretório de trabalho: acima do limite, derruba a entrega.

Protocolo da saída: uma sequência de quadros ``{"nome": ..., "tamanho": n}\\n`` +
``n`` bytes. Tudo é dado não confiável para o processo confiável (o código da entrega
roda com o mesmo uid que este lançador quando o professor não é root), que limita o
tamanho e valida cada quadro.
"""

import json
import os
import resource
import shutil
import signal
import stat
import sys
import time

INTERVALO_S = 0.05
INTERVALO_CENSO_S = 0.25
MAX_DESCRITORES = 256
MAX_NIVEIS = 64               # pastas dentro de pastas no diretório de trabalho
FOLGA_DISCO = 1024 * 1024     # tmpfs a menos de 1 MB do fim: disco cheio


def _quadro(saida, nome, dados=b""):
    cabecalho = json.dumps({"nome": nome, "tamanho": len(dados)}).encode("ascii") + b"\n"
    try:
        os.write(saida, cabecalho + dados)
    except OSError:
        pass


def _ler_limitado(caminho, maximo):
    """Conteúdo de um arquivo comum (sem seguir links), ou ``None`` se maior que ``maximo``."""
    fd = os.open(caminho, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        partes, total = [], 0
        while total <= maximo:
            bloco = os.read(fd, min(1 << 20, maximo + 1 - total))
            if not bloco:
                break
            partes.append(bloco)
            total += len(bloco)
        return None if total > maximo else b"".join(partes)
    finally:
        os.close(fd)


def censo(pasta, max_arquivos, ate=None):
    """(arquivos e pastas, bytes, profunda) em ``pasta``, sem recursão e com custo limitado.

    Para em ``max_arquivos + 1`` entradas e não desce além de ``MAX_NIVEIS`` pastas
    (``profunda``): numa árvore muito profunda, cada ``scandir`` custaria a
    profundidade inteira. Com ``ate`` (nanossegundos), só conta o que mudou **antes**
    desse instante (``st_ctime``, que o código do aluno não consegue forjar; o relógio
    do tmpfs anda em passos de alguns ms, e o que tem o mesmo carimbo do resultado fica
    de fora): o que a entrega criou depois de gravar um resultado não conta contra ele.
    O que está montado dentro de ``pasta`` (o Python, quando fica em ``/tmp`` lá fora)
    é outro sistema de arquivos e fica de fora.
    """
    quantos, tamanho, pilha = 0, 0, [(pasta, 0)]
    try:
        dispositivo = os.lstat(pasta).st_dev
    except OSError:
        return quantos, tamanho, False
    while pilha:
        atual, nivel = pilha.pop()
        try:
            with os.scandir(atual) as entradas:
                for entrada in entradas:
                    try:
                        info = entrada.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if info.st_dev != dispositivo:     # o Python montado: não é da entrega
                        continue
                    if ate is not None and info.st_ctime_ns >= ate and \
                            not stat.S_ISDIR(info.st_mode):
                        continue
                    if stat.S_ISDIR(info.st_mode):
                        if nivel + 1 > MAX_NIVEIS:
                            if ate is None or info.st_ctime_ns < ate:
                                return quantos, tamanho, True
                            continue
                        pilha.append((entrada.path, nivel + 1))
                        if ate is not None and info.st_ctime_ns >= ate:
                            continue
                    quantos += 1
                    if quantos > max_arquivos:
                        return quantos, tamanho, False
                    tamanho += info.st_blocks * 512
        except OSError:
            continue
    return quantos, tamanho, False


def _preparar(cfg):
    pasta = cfg["pasta"]
    os.makedirs(pasta, exist_ok=True)
    with open(os.path.join(pasta, "tarefa.json"), "wb") as arq:
        shutil.copyfileobj(sys.stdin.buffer, arq)
    shutil.copy(cfg["executor"], os.path.join(pasta, "executor.py"))
    shutil.copy(cfg["comparacao"], os.path.join(pasta, "comparacao.py"))
    if cfg.get("mpl") and os.path.isdir(cfg["mpl"]):
        shutil.copytree(cfg["mpl"], os.path.join(pasta, "mpl"))
    os.makedirs(os.path.join(pasta, "tmp"), exist_ok=True)
    uid = cfg.get("uid")
    dispositivo = os.lstat(pasta).st_dev
    pilha = [pasta]
    while pilha:
        caminho = pilha.pop()
        info = os.lstat(caminho)
        # O Python montado (somente leitura) em /trabalho/tmp/... e o link para a venv
        # não são da entrega: nem mudam de dono nem são percorridos.
        if info.st_dev != dispositivo or stat.S_ISLNK(info.st_mode):
            continue
        if uid is not None:
            os.chown(caminho, uid, uid)
        os.chmod(caminho, 0o700 if uid is not None else 0o777)
        if stat.S_ISDIR(info.st_mode):
            pilha.extend(os.path.join(caminho, nome) for nome in os.listdir(caminho))


def _sem_privilegios(uid):
    """Troca para ``uid`` (sem grupos extras) e impede ganhar privilégios depois."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(38, 1, 0, 0, 0)     # PR_SET_NO_NEW_PRIVS
    except (OSError, AttributeError):
        pass
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid or 0 in os.getresuid():
        raise PermissionError("não consegui largar os privilégios")


def _filho(cfg):
    """No processo filho: limites, privilégios e ``exec`` do executor (nunca retorna)."""
    try:
        nulo = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(nulo, fd)
        os.closerange(3, 1 << 16)
        lim = cfg["limites"]
        resource.setrlimit(resource.RLIMIT_CPU, (lim["cpu"], lim["cpu"] + 1))
        resource.setrlimit(resource.RLIMIT_AS, (lim["memoria"], lim["memoria"]))
        resource.setrlimit(resource.RLIMIT_FSIZE, (lim["arquivo"], lim["arquivo"]))
        resource.setrlimit(resource.RLIMIT_NPROC, (lim["processos"], lim["processos"]))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        # Poucos descritores: nada de esgotar pseudoterminais (/dev/ptmx) ou arquivos
        # abertos da máquina a partir da caixa.
        resource.setrlimit(resource.RLIMIT_NOFILE, (MAX_DESCRITORES, MAX_DESCRITORES))
        if cfg.get("uid") is not None:
            _sem_privilegios(cfg["uid"])
        pasta = cfg["pasta"]
        os.chdir(pasta)
        python = cfg["python"]
        os.execve(python, [python, "-I", os.path.join(pasta, "executor.py"), pasta],
                  cfg["ambiente"])
    except BaseException:  # noqa: BLE001 - qualquer falha aqui: a entrega não roda
        pass
    os._exit(127)


def principal(cfg):
    saida = os.dup(1)
    nulo = os.open(os.devnull, os.O_RDWR)
    os.dup2(nulo, 1)
    _preparar(cfg)
    pid = os.fork()
    if pid == 0:
        _filho(cfg)
    pasta = cfg["pasta"]
    pendentes = list(cfg["nomes"])          # [(nome, máximo de bytes)] na ordem
    enviados = set()
    estado_envio = {"bloqueado": False}

    def violacao(ate=None):
        quantos, tamanho, profunda = censo(pasta, cfg["max_arquivos"], ate)
        if profunda:
            return "pastas profundas demais"
        if quantos > cfg["max_arquivos"]:
            return "arquivos demais"
        if tamanho > cfg["max_bytes_disco"] - min(FOLGA_DISCO, cfg["max_bytes_disco"] // 8):
            return "disco cheio"
        return None

    def enviar_novos():
        """Repassa, em ordem, cada resultado novo, se o espaço estava dentro dos limites
        quando ele foi gravado (o mesmo veredito, seja quando for que o lançador o viu)."""
        for nome, maximo in pendentes:
            if nome in enviados or estado_envio["bloqueado"]:
                continue
            caminho = os.path.join(pasta, nome)
            try:
                info = os.lstat(caminho)
            except OSError:
                continue
            if violacao(info.st_ctime_ns):
                estado_envio["bloqueado"] = True
                continue
            try:
                dados = _ler_limitado(caminho, maximo)
            except OSError:
                continue
            enviados.add(nome)
            if dados is None:
                _quadro(saida, "grande:" + nome)
            else:
                _quadro(saida, nome, dados)

    proximo_censo = time.monotonic() + INTERVALO_CENSO_S
    codigo = motivo = None
    while True:
        try:
            terminado, estado = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            terminado, estado = pid, 0
        if terminado:
            codigo = os.waitstatus_to_exitcode(estado)
        enviar_novos()
        if terminado or time.monotonic() >= proximo_censo:
            motivo = violacao()
            proximo_censo = time.monotonic() + INTERVALO_CENSO_S
            if motivo and not terminado:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
                os.waitpid(pid, 0)
                enviar_novos()
            if motivo or terminado:
                break
        time.sleep(INTERVALO_S)
    _quadro(saida, "estado", json.dumps({"codigo": codigo, "motivo": motivo}).encode("ascii"))
    os.close(saida)


if __name__ == "__main__":
    principal(json.loads(sys.argv[1]))
    os._exit(0)
