"""Pacote de apoio do curso *Redes Neurais e Aprendizado Profundo*.

Cada módulo cuida de um assunto:

- :mod:`curso.dados` — carregamento do MNIST e pequenos conjuntos de dados;
- :mod:`curso.widgets` — controles deslizantes que funcionam também no site estático;
- :mod:`curso.cadernos` — célula de preparação e verificação dos notebooks;
- :mod:`curso.ativos` — arquivos JavaScript locais do site (MathJax, widgets);
- :mod:`curso.sphinx_pt` — tradução da interface do site para o português.
"""

__version__ = "0.1.0"
