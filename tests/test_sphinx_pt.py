"""Tradução da interface do site (livro.sphinx_pt)."""

from livro.sphinx_pt import traduzir_html


def test_traduz_texto_e_atributos():
    html = ('<a class="skip-link" href="#main">Skip to main content</a>'
            '<button title="Toggle primary sidebar" aria-label="Color mode">'
            '<span>  Back to top </span></button>')
    saida = traduzir_html(html)
    assert "Pular para o conteúdo principal" in saida
    assert 'title="Mostrar ou ocultar o índice"' in saida
    assert 'aria-label="Modo de cor"' in saida
    assert "Voltar ao topo" in saida
    assert "Skip to" not in saida and "Back to top" not in saida


def test_nao_mexe_no_conteudo():
    """Só troca nós de texto e atributos inteiros, nunca palavras no meio do texto."""
    html = "<p>The Main idea: Light and Dark</p><p title='x'>Back to top of page</p>"
    assert traduzir_html(html) == html


def test_rotulo_de_celula_oculta_sem_ingles():
    """O myst-nb põe 'source'/'outputs' no {type} do rótulo das células ocultas."""
    pagina = '<p class="collapsed admonition-title">Mostrar source da célula</p>'
    assert traduzir_html(pagina) == ('<p class="collapsed admonition-title">'
                                     'Mostrar o código da célula</p>')
