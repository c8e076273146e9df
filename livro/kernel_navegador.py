"""Preparação de um notebook do curso *dentro do navegador* (JupyterLite + Pyodide).

Este arquivo não é importado pelo livro: ``livro.conteudo_lite`` o empacota como o
módulo ``curso_navegador`` (numa roda instalada pelo piplite a partir do próprio site),
e a primeira célula de cada notebook do JupyterLite chama :func:`preparar`. Ele

1. instala o pacote ``curso`` e o ``ipywidgets`` (rodas servidas pelo site);
2. carrega o numpy e o matplotlib da distribuição do Pyodide (a CDN fixada ou uma
   cópia local, conforme a preparação do site);
3. se isso falhar, diz em português o que falhou e o que fazer, e troca as mensagens
   seguintes de "módulo não encontrado" (e o erro em JavaScript do carregador
   automático de pacotes) pela mesma explicação;
4. se o notebook usa o MNIST, baixa a cópia publicada com o site.

Roda no Pyodide (Python 3.14); os testes o exercitam no CPython com dublês.
"""

from __future__ import annotations

import os
import sys

CIENTIFICOS = ("numpy", "matplotlib")
# Módulos que só existem se a distribuição do Pyodide carregou (numpy, matplotlib e o
# que o matplotlib importa e não vem com o site).
MODULOS_CIENTIFICOS = {"numpy", "matplotlib", "mpl_toolkits", "pylab", "PIL", "kiwisolver",
                       "contourpy", "fontTools", "cycler", "pyparsing", "dateutil", "pytz"}

MENSAGEM = """\
Não foi possível carregar {faltando} neste navegador.

O que falhou: {detalhe}

O numpy e o matplotlib não vêm com o site: o navegador os baixa da distribuição
oficial do Pyodide, em
  {origem}
Sem acesso a esse endereço (sem internet, ou com a rede bloqueando-o), as células
deste notebook não rodam aqui. O que fazer:

  • verifique a conexão e recarregue a página (ou reinicie o kernel e rode de novo);
  • ou abra este notebook no Colab ou no Binder (botão de foguete na página do livro);
  • ou rode-o no seu computador, com Python e `pip install -r requirements.txt`
    (veja o README do repositório do curso)."""

AVISO_ENTREGA = ("Suas edições ficam guardadas neste navegador. Para entregar, use o "
                 "botão 'Baixar para entregar', na barra do notebook.")


def base_do_site() -> str:
    """URL da pasta ``lite/`` do site, vista de dentro do *worker* do kernel."""
    import js  # só existe no Pyodide

    endereco = str(js.location.href)
    return endereco.split("/extensions/")[0] if "/extensions/" in endereco else \
        endereco.rsplit("/", 1)[0]


def mensagem_falha(faltando, detalhe: str, origem: str) -> str:
    nomes = " e ".join(faltando) if faltando else "os pacotes científicos"
    detalhe = (detalhe or "o carregador do Pyodide não conseguiu baixar os pacotes").strip()
    detalhe = " ".join(linha.strip() for linha in detalhe.splitlines() if linha.strip())
    return MENSAGEM.format(faltando=nomes, detalhe=detalhe[:300], origem=origem)


def _modulo_cientifico(erro: BaseException) -> bool:
    nome = (getattr(erro, "name", None) or "").split(".")[0]
    return nome in MODULOS_CIENTIFICOS


def instalar_avisos(shell, kernel_mod, texto: str) -> None:
    """Troca os erros seguintes de importação científica por ``texto`` (em português)."""

    def tratador(self, etype, valor, tb, tb_offset=None):
        if _modulo_cientifico(valor):
            self._showtraceback(etype, valor, [texto])
            return [texto]
        return self.showtraceback((etype, valor, tb), tb_offset=tb_offset)

    shell.set_custom_exc((ModuleNotFoundError,), tratador)
    original = getattr(kernel_mod, "_load_packages_from_imports", None)
    if original is not None and not getattr(original, "_curso", False):
        async def carregar_sem_pilha(codigo):
            # Sem isto, cada célula com "import numpy" mostraria a pilha de chamadas do
            # JavaScript; a importação em seguida falha e o tratador acima explica.
            try:
                await original(codigo)
            except Exception:  # noqa: BLE001 - o aviso em português vem na importação
                pass

        carregar_sem_pilha._curso = True
        kernel_mod._load_packages_from_imports = carregar_sem_pilha


async def _carregar_cientificos(pyodide_js, to_js, objeto_js) -> tuple[list[str], str]:
    erros: list[str] = []
    try:
        opcoes = to_js({"errorCallback": erros.append, "messageCallback": lambda _m: None},
                       dict_converter=objeto_js)
        await pyodide_js.loadPackage(to_js(list(CIENTIFICOS)), opcoes)
    except Exception as erro:  # noqa: BLE001 - qualquer falha vira a mensagem abaixo
        erros.append(str(erro))
    import importlib

    importlib.invalidate_caches()
    faltando = []
    for nome in CIENTIFICOS:
        try:
            importlib.import_module(nome)
        except ImportError as erro:
            faltando.append(nome)
            erros.append(str(erro))
    detalhe = " ".join(e.strip() for e in erros[:2] if e.strip())
    return faltando, detalhe


async def _baixar_mnist(base: str) -> str | None:
    from pyodide.http import pyfetch

    destino = "/tmp/mnist.npz"
    try:
        resposta = await pyfetch(f"{base}/dados/mnist.npz")
        if not resposta.ok:
            return f"o site não publicou o MNIST (HTTP {resposta.status})"
        with open(destino, "wb") as arquivo:
            arquivo.write(await resposta.bytes())
    except Exception as erro:  # noqa: BLE001
        return f"não consegui baixar o MNIST do site ({str(erro).splitlines()[0][:200]})"
    os.environ["CURSO_MNIST"] = destino
    return None


async def preparar(curso: bool = True, mnist: bool = False,
                   origem: str = "endereço configurado na construção do site") -> bool:
    """Prepara o notebook no navegador; devolve se o numpy e o matplotlib carregaram."""
    import js
    import piplite
    import pyodide_js
    from IPython import get_ipython
    from pyodide.ffi import to_js

    if curso:
        await piplite.install(["curso", "ipywidgets"], keep_going=True)
    faltando, detalhe = await _carregar_cientificos(pyodide_js, to_js, js.Object.fromEntries)
    if faltando:
        texto = mensagem_falha(faltando, detalhe, origem)
        instalar_avisos(get_ipython(), sys.modules.get("pyodide_kernel.kernel"), texto)
        print(texto, file=sys.stderr)
        return False
    if mnist:
        problema = await _baixar_mnist(base_do_site())
        if problema:
            print(f"Aviso: {problema}; as células que usam o MNIST não vão rodar aqui.",
                  file=sys.stderr)
    import matplotlib
    import numpy

    if curso:
        try:   # estilo das figuras do curso (vírgula decimal, texto legível)
            from curso import estilo

            estilo.aplicar()
        except Exception as erro:  # noqa: BLE001 - sem o estilo, as figuras ainda saem
            print(f"Aviso: o estilo das figuras não foi aplicado ({erro}).", file=sys.stderr)
    print(f"Pronto: numpy {numpy.__version__} e matplotlib {matplotlib.__version__} "
          "rodando no navegador.\n" + AVISO_ENTREGA)
    return True
