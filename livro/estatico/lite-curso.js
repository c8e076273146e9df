// "Executar no navegador": o trabalho do aluno nunca se perde.
//
// Carregado pelo app de notebooks do JupyterLite do site (livro/conteudo_lite.py põe a
// tag <script> em lite/notebooks/index.html). As edições ficam no IndexedDB (o padrão
// do JupyterLite); este script acrescenta, em todo notebook do curso:
//   * "Baixar para entregar": baixa o notebook (com as edições) com o nome do exercício;
//   * "Restaurar o original": volta à versão publicada; a cópia do aluno fica guardada
//     com outro nome (nunca sobrescrita);
//   * um aviso quando o curso publicou uma versão nova de um notebook que o aluno editou:
//     "Continuar na minha cópia" ou "Abrir a versão nova" (a cópia fica guardada).
// A versão publicada vem dos metadados "curso" (nome do exercício e hash do conteúdo).
(function () {
  "use strict";

  function esperarPainel() {
    return new Promise(function (resolve) {
      var tentar = function () {
        var app = window.jupyterapp;
        var painel = app && app.shell && app.shell.currentWidget;
        if (painel && painel.context && painel.toolbar) {
          resolve(painel);
        } else {
          setTimeout(tentar, 250);
        }
      };
      tentar();
    });
  }

  function metaCurso(modelo) {
    var meta = modelo.toJSON().metadata || {};
    return meta.curso || null;
  }

  async function publicado(caminho) {
    var url = new URL("../files/" + caminho.split("/").map(encodeURIComponent).join("/"),
      document.baseURI);
    url.searchParams.set("v", Date.now());
    var resposta = await fetch(url.href, { cache: "no-store" });
    if (!resposta.ok) {
      throw new Error("Versão publicada indisponível (" + resposta.status + ").");
    }
    return resposta.json();
  }

  function carimboHora() {
    var d = new Date();
    var dois = function (n) { return String(n).padStart(2, "0"); };
    return d.getFullYear() + "-" + dois(d.getMonth() + 1) + "-" + dois(d.getDate()) + "_" +
      dois(d.getHours()) + "h" + dois(d.getMinutes()) + "m" + dois(d.getSeconds()) + "s";
  }

  // Guarda a cópia do aluno ao lado do original, com outro nome; devolve o nome.
  async function guardarCopia(painel) {
    var caminho = painel.context.path;
    var destino = caminho.replace(/\.ipynb$/, "") + "-minha-copia-" + carimboHora() + ".ipynb";
    await window.jupyterapp.serviceManager.contents.save(destino, {
      type: "notebook", format: "json", content: painel.context.model.toJSON(),
    });
    return destino;
  }

  async function trocarPelaPublicada(painel, mensagem) {
    var copia = await guardarCopia(painel);
    var original = await publicado(painel.context.path);
    painel.context.model.fromJSON(original);
    await painel.context.save();
    avisar(painel, mensagem + " Sua cópia anterior ficou guardada como \u201c" +
      copia.split("/").pop() + "\u201d (na lista de arquivos, na mesma pasta).", []);
  }

  function baixar(painel) {
    var meta = metaCurso(painel.context.model) || {};
    var nome = (meta.exercicio || painel.context.path.split("/").pop().replace(/\.ipynb$/, ""))
      + ".ipynb";
    var texto = JSON.stringify(painel.context.model.toJSON(), null, 1) + "\n";
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([texto], { type: "application/x-ipynb+json" }));
    link.download = nome;
    link.className = "curso-lite-download";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 60000);
  }

  function botao(texto, dica, classe, acao) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = texto;
    b.title = dica;
    b.className = "jp-Button jp-mod-styled curso-lite-botao " + classe;
    b.style.margin = "0 4px";
    b.addEventListener("click", function () {
      Promise.resolve(acao()).catch(function (erro) {
        avisar(null, "Não deu certo: " + erro.message + " Nada foi apagado.", []);
      });
    });
    return b;
  }

  function avisar(painel, texto, acoes) {
    var antigo = document.getElementById("curso-lite-aviso");
    if (antigo) { antigo.remove(); }
    var caixa = document.createElement("div");
    caixa.id = "curso-lite-aviso";
    caixa.setAttribute("role", "alert");
    caixa.style.cssText = "position:fixed;left:50%;top:8px;transform:translateX(-50%);" +
      "z-index:10000;max-width:40em;padding:10px 14px;border-radius:6px;" +
      "background:var(--jp-warn-color3,#fff3cd);color:var(--jp-ui-font-color0,#222);" +
      "border:1px solid var(--jp-warn-color1,#c90);box-shadow:0 2px 8px rgba(0,0,0,.2);";
    var p = document.createElement("p");
    p.style.margin = "0 0 6px 0";
    p.textContent = texto;
    caixa.appendChild(p);
    (acoes.length ? acoes : [["Fechar", "curso-lite-fechar", function () {}]]).forEach(
      function (acao) {
        caixa.appendChild(botao(acao[0], acao[0], acao[1], async function () {
          caixa.remove();
          await acao[2]();
        }));
      });
    document.body.appendChild(caixa);
  }

  async function conferirVersao(painel) {
    var minha = metaCurso(painel.context.model);
    if (!minha || !minha.versao) { return; }
    var nova = (await publicado(painel.context.path)).metadata.curso || {};
    if (!nova.versao || nova.versao === minha.versao) { return; }
    var chave = "curso-lite-continuar:" + painel.context.path + ":" + nova.versao;
    if (window.localStorage.getItem(chave)) { return; }
    avisar(painel, "O curso publicou uma versão nova deste notebook. Você está na sua " +
      "cópia, com as suas edições (guardadas neste navegador).", [
      ["Continuar na minha cópia", "curso-lite-continuar", function () {
        window.localStorage.setItem(chave, "1");
      }],
      ["Abrir a versão nova", "curso-lite-versao-nova", function () {
        return trocarPelaPublicada(painel, "Esta é a versão nova publicada pelo curso.");
      }],
    ]);
  }

  async function iniciar() {
    var painel = await esperarPainel();
    await painel.context.ready;
    if (!metaCurso(painel.context.model)) { return; }  // não é um notebook do curso
    var barra = document.createElement("span");
    barra.className = "curso-lite-acoes";
    barra.appendChild(botao("Baixar para entregar",
      "Baixa este notebook, com as suas edições, com o nome do exercício",
      "curso-lite-baixar", function () { baixar(painel); }));
    barra.appendChild(botao("Restaurar o original",
      "Volta à versão publicada; a sua cópia fica guardada com outro nome",
      "curso-lite-restaurar", function () {
        return trocarPelaPublicada(painel, "Este é o notebook original, como publicado.");
      }));
    painel.toolbar.node.appendChild(barra);
    // Ao esconder ou fechar a aba, grava o que ainda não foi gravado (além do autosave).
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && painel.context.model.dirty) {
        painel.context.save();
      }
    });
    window.cursoLite = { painel: painel, baixar: baixar, guardarCopia: guardarCopia };
    await conferirVersao(painel);
  }

  iniciar().catch(function (erro) {
    console.warn("lite-curso.js:", erro);
  });
})();
