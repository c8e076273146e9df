"""Pacote de apoio do curso *Redes Neurais e Aprendizado Profundo* (o do aluno).

É o que os capítulos e os alunos importam, um módulo por assunto: dados
(:mod:`curso.dados`), camadas (:mod:`curso.camadas`), perdas (:mod:`curso.perdas`),
regras de atualização (:mod:`curso.otimizadores`), verificação do gradiente
(:mod:`curso.gradiente`), normalização em lote, softmax, modelos e controles
deslizantes (:mod:`curso.widgets`).

As ferramentas de quem mantém o livro ficam no pacote ``livro`` e o corretor dos
professores no pacote ``corretor``; este pacote não importa nenhum dos dois.
"""

__version__ = "0.1.0"
